import { randomUUID } from 'node:crypto';
import { communityNamespace } from '@app/shared';
import { expectEventually } from '../../../test/support/expect-eventually';
import { type RunningSocketServer, startSocketServer } from '../src/bootstrap';
import { type FakeAnswer, startFakeInternalApi, type FakeInternalApi } from './support/fake-internal-api';
import { ack, ReceivedEvents, TestClients } from './support/socket-clients';
import { signTestToken, socketTestConfig } from './support/socket-test-config';

/** Child namespaces come and go with their sockets; a handshake in flight must keep its namespace. */
describe('community namespace lifecycle', () => {
  let api: FakeInternalApi;
  let server: RunningSocketServer;
  const clients = new TestClients();
  const token = () => ({ token: signTestToken(randomUUID()) });
  // Inspecting Socket.IO's namespace table; never `io.of(name)`, which would create one.
  const namespaceOf = (name: string) => server.io._nsps.get(name);

  beforeEach(async () => {
    api = await startFakeInternalApi();
    server = await startSocketServer(socketTestConfig({ apiUrl: api.url }), { shutdownHooks: false });
  });

  afterEach(async () => {
    clients.closeAll();
    await server.close();
    await api.close();
  });

  it('removes a community namespace once its last socket left, and after a refused handshake', async () => {
    const namespace = communityNamespace(randomUUID());
    const socket = await clients.connect(server.url, namespace, token());
    expect(namespaceOf(namespace)?.sockets.size).toBe(1);
    socket.disconnect();
    await expectEventually(() => expect(namespaceOf(namespace)).toBeUndefined());

    const refused = communityNamespace(randomUUID());
    api.on('communityAccess', () => ({ status: 200, body: { ok: false, error: { code: 'forbidden', message: 'not a member' } } }));
    expect((await clients.refusal(server.url, refused, token())).message).toBe('forbidden');
    await expectEventually(() => expect(namespaceOf(refused)).toBeUndefined());
  });

  it('keeps the namespace of a handshake still being checked when the last connected socket leaves', async () => {
    const namespace = communityNamespace(randomUUID());
    const channelId = randomUUID();
    const first = await clients.connect(server.url, namespace, token());

    // The next access check waits until the test releases it.
    let release: (answer: FakeAnswer) => void = () => undefined;
    const checked = api.calls.communityAccess.length;
    api.on(
      'communityAccess',
      (body) =>
        new Promise<FakeAnswer>((resolve) => {
          const { userId } = body as { userId: string };
          release = () => resolve({ status: 200, body: { ok: true, user: { id: userId, username: 'late' } } });
        }),
    );
    const late = clients.connect(server.url, namespace, token());
    await expectEventually(() => expect(api.calls.communityAccess.length).toBe(checked + 1));

    first.disconnect();
    await expectEventually(() => expect(namespaceOf(namespace)?.sockets.has(first.id ?? '')).toBe(false));
    release({ status: 200, body: null });
    const lateSocket = await late;
    api.on('communityAccess');

    // A newcomer must land in the same namespace as the late socket, and reach it.
    const newcomer = await clients.connect(server.url, namespace, token());
    expect(namespaceOf(namespace)?.sockets.size).toBe(2);
    for (const socket of [lateSocket, newcomer]) await ack(socket, 'join', { channels: [channelId] });
    const received = new ReceivedEvents(lateSocket);
    const sent = await ack(newcomer, 'chat', { chatType: 'new', channelId, content: 'are you there?', clientMsgId: randomUUID() });
    expect(sent.written).toBe(true);
    await expectEventually(() => expect(received.of('new-chat')).toEqual([expect.objectContaining({ content: 'are you there?' })]));
  });
});
