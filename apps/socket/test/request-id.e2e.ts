import { Logger } from '@nestjs/common';
import { startTcpProxy, startTestApi, type TcpProxy, testDatabaseUrl, type TestApiServer } from '../../api/test/support';
import { type RunningSocketServer, startSocketServer } from '../src/bootstrap';
import { channelWorld } from './support/chat-stack';
import { TestClients } from './support/socket-clients';
import { socketTestConfig } from './support/socket-test-config';

/** Ids found by `pattern` in the first argument of a mocked logger method's calls. */
function idsIn(calls: unknown[][], pattern: RegExp): string[] {
  return calls.flatMap(([message]) => [...String(message).matchAll(pattern)].map((match) => match[1]!));
}

/**
 * One id per internal call, on both sides: when the API fails a call from the socket app, the
 * socket app's warning and the API's error line name the same request id.
 */
describe('x-request-id between the socket app and the real API', () => {
  let proxy: TcpProxy;
  let api: TestApiServer;
  let socket: RunningSocketServer;
  const clients = new TestClients();

  beforeAll(async () => {
    const direct = new URL(testDatabaseUrl());
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const viaProxy = new URL(direct);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    // LOG_LEVEL error and warn: the lines this test reads must be logged at all.
    api = await startTestApi({ DATABASE_URL: viaProxy.toString(), LOG_LEVEL: 'error' });
    socket = await startSocketServer(socketTestConfig({ apiUrl: api.internalUrl, logLevel: 'warn' }), { shutdownHooks: false });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    clients.closeAll();
    await socket.close();
    await api.close();
    await proxy.close();
  });

  it('names the same id in the API error and the socket app warning of a failed call', async () => {
    const { community, owner } = await channelWorld(api.url);
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await proxy.cut();

    // The handshake asks the API whether the user belongs to the community: the API cannot say.
    const refusal = await clients.refusal(socket.url, community.namespace, { token: owner.token });
    expect(refusal.data?.code).toBe('unavailable');

    const apiIds = idsIn(error.mock.calls, /\[ref ([^\]]+)\]/g);
    const socketIds = idsIn(warn.mock.calls, /\[x-request-id ([^\]]+)\]/g);
    expect(socketIds).toHaveLength(1);
    expect(apiIds).toContain(socketIds[0]);
  });
});
