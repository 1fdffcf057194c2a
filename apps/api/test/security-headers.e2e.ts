import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startTestApi, TEST_SOCKET_ENDPOINT_URL, type TestApiServer } from './support';

/** What every answer of the API says about itself, and how the web client's files are served. */
describe('security headers and static files', () => {
  let web: TestApiServer;
  const asset = `console.log(${JSON.stringify('x'.repeat(4000))});`;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'web-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>chat</title>');
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'assets', 'index-Bq3xZ9aK.js'), asset);
    writeFileSync(path.join(dir, 'robots.txt'), 'User-agent: *');
    web = await startTestApi({ WEB_DIR: dir, CSP_CONNECT_SRC: ['https://node-2.chat.example:8443'] });
  });

  afterAll(async () => {
    await web?.close();
  });

  it('sends helmet headers and a CSP that lets the page reach its socket nodes only', async () => {
    const page = await request(web.url).get('/').set('Accept', 'text/html');
    expect(page.status).toBe(200);
    expect(page.headers['x-powered-by']).toBeUndefined();
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    const endpoint = new URL(TEST_SOCKET_ENDPOINT_URL);
    expect(csp).toContain(
      `connect-src 'self' ${endpoint.origin} ws://${endpoint.host} https://node-2.chat.example:8443 wss://node-2.chat.example:8443`,
    );
    expect(page.headers['cache-control']).toBe('no-cache');
  });

  it('sends them on API answers too, errors included', async () => {
    const res = await request(web.url).get('/api/me');
    expect(res.status).toBe(401);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // API JSON is never compressed: small answers, and the CPU belongs to the chat path.
    const big = await request(web.url).get('/api/nope').set('Accept-Encoding', 'gzip');
    expect(big.headers['content-encoding']).toBeUndefined();
  });

  it('caches hashed assets for a year, revalidates the rest, and compresses them', async () => {
    const hashed = await request(web.url).get('/assets/index-Bq3xZ9aK.js').set('Accept-Encoding', 'gzip');
    expect(hashed.status).toBe(200);
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(hashed.headers['content-encoding']).toBe('gzip');
    expect(hashed.text).toBe(asset);
    const plain = await request(web.url).get('/robots.txt');
    expect(plain.headers['cache-control']).toBe('no-cache');
    const deepLink = await request(web.url).get('/c/some/route').set('Accept', 'text/html');
    expect(deepLink.headers['cache-control']).toBe('no-cache');
  });
});
