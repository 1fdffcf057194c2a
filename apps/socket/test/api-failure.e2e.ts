import { UNAVAILABLE_FOR_CLIENTS } from '../src/api-client/api-result';
import { randomUUID } from 'node:crypto';
import { communityNamespace } from '@app/shared';
import { expectEventually } from '../../../test/support/expect-eventually';
import { type RunningSocketServer, startSocketServer } from '../src/bootstrap';
import { channelWorld, startChatStack } from './support/chat-stack';
import { startFakeInternalApi, type FakeInternalApi } from './support/fake-internal-api';
import { ack, ReceivedEvents, type TestClient, TestClients } from './support/socket-clients';
import { signTestToken, socketTestConfig } from './support/socket-test-config';

/** The socket app against a fake API that can be made slow, broken or unreachable on purpose. */
describe('socket server when the API fails', () => {
  const TIMEOUT_MS = 300;
  let api: FakeInternalApi;
  let server: RunningSocketServer;
  const clients = new TestClients();

  beforeEach(async () => {
    api = await startFakeInternalApi();
    server = await startSocketServer(socketTestConfig({ apiUrl: api.url, apiTimeoutMs: TIMEOUT_MS }), { shutdownHooks: false });
  });

  afterEach(async () => {
    clients.closeAll();
    await server.close();
    await api.close();
  });

  /** Two users of a fresh community, both in one channel room. */
  async function pairInChannel() {
    const namespace = communityNamespace(randomUUID());
    const channelId = randomUUID();
    const sender = await clients.connect(server.url, namespace, { token: signTestToken(randomUUID()) });
    const receiver = await clients.connect(server.url, namespace, { token: signTestToken(randomUUID()) });
    for (const socket of [sender, receiver]) {
      expect(await ack(socket, 'join', { channels: [channelId] })).toEqual({ joined: [channelId], rejected: [] });
    }
    return { namespace, channelId, sender, receiver, received: new ReceivedEvents(receiver) };
  }

  const newChat = (channelId: string, content = 'hello') => ({ chatType: 'new', channelId, content, clientMsgId: randomUUID() });

  it('acks unavailable within the timeout when the API never answers, and broadcasts nothing', async () => {
    const { channelId, sender, received } = await pairInChannel();
    api.on('chatBatch', () => 'hang');
    const started = Date.now();
    const result = await ack(sender, 'chat', newChat(channelId), 5000);
    const elapsed = Date.now() - started;
    expect(result).toEqual({ written: false, error: { code: 'unavailable', message: UNAVAILABLE_FOR_CLIENTS } });
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1500);

    await expectOnlyLaterBroadcast(sender, channelId, received);
  });

  it('acks unavailable at once past CHAT_QUEUE_MAX waiting chats, and still answers the admitted ones', async () => {
    await server.close();
    const base = socketTestConfig();
    server = await startSocketServer(socketTestConfig({ apiUrl: api.url, apiTimeoutMs: 2000, chatWrite: { ...base.chatWrite, queueMax: 2 } }), {
      shutdownHooks: false,
    });
    const { channelId, sender, received } = await pairInChannel();
    api.on('chatBatch', () => 'hang');
    const inFlight = ack(sender, 'chat', newChat(channelId, 'in flight'), 5000);
    await expectEventually(() => expect(api.calls.chatBatch).toHaveLength(1));

    const started = Date.now();
    const later = ['queued 1', 'queued 2', 'refused 1', 'refused 2'].map((content) => ack(sender, 'chat', newChat(channelId, content), 5000));
    // The contract's validation rules hold whatever the load: an invalid chat is validation_failed.
    expect(await ack(sender, 'chat', newChat(channelId, '   '), 5000)).toMatchObject({ written: false, error: { code: 'validation_failed' } });
    const refused = await Promise.all(later.slice(2));
    expect(Date.now() - started).toBeLessThan(1000); // not the 2 s API timeout
    for (const result of refused) {
      expect(result).toEqual({ written: false, error: { code: 'unavailable', message: 'the server is overloaded; try again shortly' } });
    }
    // The admitted ones are still answered, here by the timeout of the hung API.
    const timedOut = { written: false, error: { code: 'unavailable', message: UNAVAILABLE_FOR_CLIENTS } };
    expect(await Promise.all([inFlight, ...later.slice(0, 2)])).toEqual([timedOut, timedOut, timedOut]);
    const contentsSent = JSON.stringify(api.calls.chatBatch);
    expect(contentsSent).toContain('in flight');
    expect(contentsSent).not.toContain('refused'); // refused chats never reach the API
    await expectOnlyLaterBroadcast(sender, channelId, received);
  });

  /**
   * The API recovers: the next message reaches the receiver, and it is the only one it ever got.
   * Broadcasts to one client arrive in order, so a broadcast of the failed message would be first.
   */
  async function expectOnlyLaterBroadcast(sender: TestClient, channelId: string, received: ReceivedEvents) {
    api.on('chatBatch');
    const later = await ack(sender, 'chat', newChat(channelId, 'after recovery'));
    expect(later.written).toBe(true);
    await expectEventually(() => expect(received.events).toHaveLength(1));
    expect(received.events).toEqual([{ event: 'new-chat', payload: expect.objectContaining({ content: 'after recovery' }) }]);
  }

  it.each([
    ['a 500', { status: 500, body: { error: { code: 'internal_error', message: 'database down' } } }, UNAVAILABLE_FOR_CLIENTS],
    ['a 502 from a proxy', { status: 502, body: '<html>Bad Gateway</html>' }, UNAVAILABLE_FOR_CLIENTS],
    ['garbage', { status: 200, body: 'not json at all' }, UNAVAILABLE_FOR_CLIENTS],
  ])('acks unavailable when the API answers %s', async (_what, answer, message) => {
    const { channelId, sender, received } = await pairInChannel();
    api.on('chatBatch', () => answer);
    expect(await ack(sender, 'chat', newChat(channelId))).toEqual({ written: false, error: { code: 'unavailable', message } });
    await expectOnlyLaterBroadcast(sender, channelId, received);
  });

  it('answers join and read with unavailable when the API is down', async () => {
    const { channelId, sender } = await pairInChannel();
    api.on('channelAccess', () => 'hang');
    api.on('read', () => ({ status: 503, body: { error: { code: 'unavailable', message: 'db' } } }));
    const other = randomUUID();
    expect(await ack(sender, 'join', { channels: [other] })).toEqual({
      joined: [],
      rejected: [],
      error: { code: 'unavailable', message: UNAVAILABLE_FOR_CLIENTS },
    });
    expect(await ack(sender, 'read', { channelId, seq: 1 })).toEqual({
      error: { code: 'unavailable', message: UNAVAILABLE_FOR_CLIENTS },
    });
  });

  it('refuses a connection with unavailable when the API cannot be reached', async () => {
    await api.close();
    const refusal = await clients.refusal(server.url, communityNamespace(randomUUID()), { token: signTestToken(randomUUID()) });
    expect(refusal.message).toBe('unavailable');
    expect(refusal.data?.message).toBe(UNAVAILABLE_FOR_CLIENTS);
  });

  it('refuses a connection with unavailable when the access check times out', async () => {
    api.on('communityAccess', () => 'hang');
    const refusal = await clients.refusal(server.url, communityNamespace(randomUUID()), { token: signTestToken(randomUUID()) });
    expect(refusal).toEqual({
      message: 'unavailable',
      data: { code: 'unavailable', message: UNAVAILABLE_FOR_CLIENTS },
    });
  });
});

describe('socket server when the real API goes away', () => {
  it('acks unavailable, broadcasts nothing and keeps its sockets', async () => {
    const stack = await startChatStack({ apiTimeoutMs: 1000 });
    try {
      const { community, channel, owner, members } = await channelWorld(stack.api.url);
      const sender = await stack.connect(members[0], community);
      const receiver = await stack.connect(owner, community);
      for (const s of [sender, receiver]) await ack(s, 'join', { channels: [channel.id] });
      const received = new ReceivedEvents(receiver);

      await stack.api.close();
      const result = await ack(sender, 'chat', { chatType: 'new', channelId: channel.id, content: 'lost?', clientMsgId: randomUUID() });
      expect(result).toEqual({
        written: false,
        error: { code: 'unavailable', message: UNAVAILABLE_FOR_CLIENTS },
      });
      expect(await ack(sender, 'read', { channelId: channel.id, seq: 1 })).toEqual({ error: expect.objectContaining({ code: 'unavailable' }) });

      // A server-side emit after the failure is ordered after any broadcast of it on the receiver's connection.
      const sentinel = { channelId: channel.id, user: owner.user };
      stack.socket.io._nsps.get(community.namespace)?.to(channel.id).emit('typing', sentinel);
      await expectEventually(() => expect(received.events.length).toBeGreaterThan(0));
      expect(received.events).toEqual([{ event: 'typing', payload: sentinel }]);
      expect(sender.connected && receiver.connected).toBe(true);
    } finally {
      stack.clients.closeAll();
      await stack.socket.close();
    }
  });
});
