import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { expectEventually } from '../../../test/support/expect-eventually';
import { startTcpProxy, startTestApi, type TcpProxy, type TestApiServer, testDatabaseUrl, useTestApi } from './support';

/** A proxy in front of `url`'s host and port, and `url` rewritten to go through it. */
async function proxied(url: string, defaultPort: number): Promise<{ proxy: TcpProxy; url: string }> {
  const direct = new URL(url);
  const proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || defaultPort) });
  const via = new URL(direct);
  via.hostname = '127.0.0.1';
  via.port = String(proxy.port);
  return { proxy, url: via.toString() };
}

function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: run the tests through jest (test/global-setup.ts sets it)');
  return url;
}

describe('API health probes', () => {
  const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'commu-chat-web-'));
  fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>commu-chat</title>');
  // Beside a web client, whose page fallback must not answer the probes.
  const api = useTestApi({ WEB_DIR: webDir });
  afterAll(() => fs.rmSync(webDir, { recursive: true, force: true }));

  it('answers live and ready outside the /api prefix, as JSON even to a browser', async () => {
    expect((await request(api.url).get('/health/live').set('Accept', 'text/html').expect(200)).body).toEqual({ status: 'ok' });
    const ready = await request(api.url).get('/health/ready').set('Accept', 'text/html').expect(200);
    expect(ready.headers['content-type']).toMatch(/^application\/json/);
    expect(ready.body).toEqual({ status: 'ok', checks: { postgres: { status: 'ok' } } });
    await request(api.url).get('/api/health/ready').expect(404);
  });
});

describe('API readiness when the database goes away', () => {
  let proxy: TcpProxy;
  let api: TestApiServer;

  beforeAll(async () => {
    const db = await proxied(testDatabaseUrl(), 5432);
    proxy = db.proxy;
    api = await startTestApi({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
  });
  afterAll(async () => {
    await api.close();
    await proxy.close();
  });

  it('is 503 naming postgres while it is away, live all along, and ready again once it is back', async () => {
    await request(api.url).get('/health/ready').expect(200);
    await proxy.cut();
    const down = await request(api.url).get('/health/ready').expect(503);
    expect(down.body).toEqual({ status: 'unavailable', checks: { postgres: { status: 'unavailable', error: expect.any(String) } } });
    await request(api.url).get('/health/live').expect(200);

    await proxy.restore();
    await expectEventually(async () => {
      expect((await request(api.url).get('/health/ready')).status).toBe(200);
    }, 10_000);
  });
});

describe('API readiness with routing through Redis', () => {
  let proxy: TcpProxy;
  let api: TestApiServer;

  beforeAll(async () => {
    const redis = await proxied(testRedisUrl(), 6379);
    proxy = redis.proxy;
    api = await startTestApi({ REDIS_URL: redis.url, LOG_LEVEL: 'silent' });
  });
  afterAll(async () => {
    await api.close();
    await proxy.close();
  });

  it('checks Redis too, and is 503 naming redis while it is away', async () => {
    await expectEventually(async () => {
      const ready = await request(api.url).get('/health/ready');
      expect(ready.body).toEqual({ status: 'ok', checks: { postgres: { status: 'ok' }, redis: { status: 'ok' } } });
      expect(ready.status).toBe(200);
    });
    await proxy.cut();
    await expectEventually(async () => {
      const down = await request(api.url).get('/health/ready');
      expect(down.status).toBe(503);
      expect(down.body).toEqual({
        status: 'unavailable',
        checks: { postgres: { status: 'ok' }, redis: { status: 'unavailable', error: expect.any(String) } },
      });
    });
  });
});
