import request from 'supertest';
import { expectEventually } from '../../../test/support/expect-eventually';
import { freePort } from '../../../test/support/free-port';
import { startTcpProxy, startTestApi, type TcpProxy, type TestApiServer } from '../../api/test/support';
import { type RunningSocketServer, startSocketServer } from '../src/bootstrap';
import { startSocketNode, testRedisUrl, uniqueKeyPrefix } from './support/multi-node';
import { socketTestConfig } from './support/socket-test-config';

describe('socket node health probes', () => {
  let api: TestApiServer;
  const nodes: RunningSocketServer[] = [];
  let proxy: TcpProxy;

  beforeAll(async () => {
    api = await startTestApi();
    const direct = new URL(testRedisUrl());
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 6379) });
  });
  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.close()));
    await proxy.close();
    await api.close();
  });

  const start = async (config: Parameters<typeof socketTestConfig>[0]) => {
    const node = await startSocketServer(socketTestConfig(config), { shutdownHooks: false });
    nodes.push(node);
    return node;
  };

  it('is live and ready while the API answers; GET /health keeps its answer', async () => {
    const node = await start({ apiUrl: api.internalUrl });
    expect((await request(node.url).get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
    expect((await request(node.url).get('/health/ready').expect(200)).body).toEqual({ status: 'ok', checks: { api: { status: 'ok' } } });
    const health = await request(node.url).get('/health').expect(200);
    expect(health.body).toEqual({ status: 'ok', chat: expect.objectContaining({ batches: 0, commands: 0, refused: 0 }) });
  });

  it('is 503 naming the API when nothing answers at its URL, and still live', async () => {
    const node = await start({ apiUrl: `http://127.0.0.1:${await freePort()}` });
    const ready = await request(node.url).get('/health/ready').expect(503);
    expect(ready.body).toEqual({ status: 'unavailable', checks: { api: { status: 'unavailable', error: expect.any(String) } } });
    await request(node.url).get('/health/live').expect(200);
    await request(node.url).get('/health').expect(200);
  });

  it('checks the adapter Redis with REDIS_URL, and is 503 naming redis while it is away', async () => {
    const node = await startSocketNode({ apiUrl: api.internalUrl, keyPrefix: uniqueKeyPrefix(), redisUrl: `redis://127.0.0.1:${proxy.port}` });
    nodes.push(node);
    const ok = await request(node.url).get('/health/ready').expect(200);
    expect(ok.body).toEqual({ status: 'ok', checks: { api: { status: 'ok' }, redis: { status: 'ok' } } });

    await proxy.cut();
    await expectEventually(async () => {
      const down = await request(node.url).get('/health/ready');
      expect(down.status).toBe(503);
      expect(down.body).toEqual({
        status: 'unavailable',
        checks: { api: { status: 'ok' }, redis: { status: 'unavailable', error: expect.any(String) } },
      });
    });
    await proxy.restore();
    await expectEventually(async () => expect((await request(node.url).get('/health/ready')).status).toBe(200), 10_000);
  });
});
