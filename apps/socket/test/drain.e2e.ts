import { randomUUID } from 'node:crypto';
import { type ChatAck, communityNamespace, type InternalChatBatchRequest, type ReadinessResponse } from '@app/shared';
import request from 'supertest';
import { expectEventually } from '../../../test/support/expect-eventually';
import { type RunningSocketServer, startSocketServer } from '../src/bootstrap';
import { type FakeAnswer, startFakeInternalApi, storedMessage, type FakeInternalApi } from './support/fake-internal-api';
import { ack, TestClients } from './support/socket-clients';
import { signTestToken, socketTestConfig } from './support/socket-test-config';

/**
 * The drain's order on one node (issue #18), with an API that answers when the test says: from the
 * start of a shutdown new handshakes are refused `unavailable`; a chat in hand is still acked; only
 * then does each socket get `server-draining` and a server-side disconnect.
 */
describe('socket node drain', () => {
  let api: FakeInternalApi;
  let server: RunningSocketServer;
  const clients = new TestClients();

  beforeEach(async () => {
    api = await startFakeInternalApi();
    server = await startSocketServer(socketTestConfig({ apiUrl: api.url, apiTimeoutMs: 5000 }), { shutdownHooks: false });
  });

  afterEach(async () => {
    clients.closeAll();
    await server.close();
    await api.close();
  });

  it('refuses handshakes, acks the chat in hand, then tells every socket to move and closes it', async () => {
    const namespace = communityNamespace(randomUUID());
    const channelId = randomUUID();
    const token = signTestToken(randomUUID());
    const socket = await clients.connect(server.url, namespace, { token });
    expect(await ack(socket, 'join', { channels: [channelId] })).toEqual({ joined: [channelId], rejected: [] });
    const seen: string[] = [];
    socket.on('server-draining', ({ reconnectInMs }) => seen.push(`server-draining ${reconnectInMs >= 0 && reconnectInMs < 1000}`));
    socket.on('disconnect', (reason) => seen.push(`disconnect ${reason}`));

    expect((await request(server.url).get('/health/ready')).body).not.toHaveProperty('checks.draining');

    let release = () => {};
    api.on(
      'chatBatch',
      (body) =>
        new Promise<FakeAnswer>((resolve) => {
          const { commands } = body as InternalChatBatchRequest;
          release = () => resolve({ status: 200, body: { results: commands.map((c, i) => ({ ok: true, message: storedMessage(c, i + 1) })) } });
        }),
    );
    // The ack callback runs as its packet is read, so `seen` keeps the order the packets came in.
    socket.emit('chat', { chatType: 'new', channelId, content: 'in hand', clientMsgId: randomUUID() }, (reply: ChatAck) =>
      seen.push(`ack written=${reply.written}`),
    );
    await expectEventually(() => expect(api.calls.chatBatch).toHaveLength(1));

    const closing = server.close();
    await expectEventually(async () =>
      expect(await clients.refusal(server.url, namespace, { token: signTestToken(randomUUID()) })).toEqual({
        message: 'unavailable',
        data: { code: 'unavailable', message: 'this node is shutting down' },
      }),
    );
    // A chat that comes after the start is not taken: its sender sends it again on the next node.
    expect(await ack(socket, 'chat', { chatType: 'new', channelId, content: 'too late', clientMsgId: randomUUID() })).toEqual({
      written: false,
      error: { code: 'unavailable', message: 'this node is shutting down: send it again once reconnected' },
    });
    expect(api.calls.chatBatch).toHaveLength(1);
    // Not ready any more (while its HTTP server still answers).
    const ready = await request(server.url).get('/health/ready');
    expect(ready.status).toBe(503);
    expect((ready.body as ReadinessResponse).checks.draining).toEqual({ status: 'unavailable', error: 'this node is shutting down' });
    // Waiting for the API: nobody was told to move yet.
    expect(seen).toEqual([]);

    release();
    await closing;
    await expectEventually(() => expect(seen).toEqual(['ack written=true', 'server-draining true', 'disconnect io server disconnect']));
  });
});
