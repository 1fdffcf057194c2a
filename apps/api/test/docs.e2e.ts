import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { buildAsyncApiDocument, buildOpenApiDocument } from '@app/shared';
import { SWAGGER_UI_ASSETS, SWAGGER_UI_DIR } from '../src/docs/swagger-ui-page';
import { useTestApi } from './support';

describe('GET /api/docs', () => {
  // With a web client served at `/`: its page fallback must not answer the docs' paths.
  const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'commu-chat-web-'));
  fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>commu-chat</title>');
  const api = useTestApi({ WEB_DIR: webDir });
  afterAll(() => fs.rmSync(webDir, { recursive: true, force: true }));

  it('serves the browsable page, its script and its assets, without a token', async () => {
    const page = await request(api.url).get('/api/docs').set('Accept', 'text/html').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('id="swagger-ui"');
    expect(page.text).not.toContain('<title>commu-chat</title>');

    const initializer = await request(api.url).get('/api/docs/swagger-initializer.js').expect(200);
    expect(initializer.headers['content-type']).toMatch(/^text\/javascript/);
    expect(initializer.text).toContain("'/api/docs/openapi.json'");
    for (const src of page.text.matchAll(/(?:src|href)="(\/api\/docs\/assets\/[^"]+)"/g)) {
      const asset = await request(api.url).get(src[1]).responseType('blob').expect(200);
      const file = path.basename(src[1]);
      expect(asset.headers['content-type']).toBe(SWAGGER_UI_ASSETS[file]);
      expect((asset.body as Buffer).equals(fs.readFileSync(path.join(SWAGGER_UI_DIR, file)))).toBe(true);
    }
  });

  it('serves the OpenAPI and AsyncAPI documents as generated from libs/shared', async () => {
    const openApi = await request(api.url).get('/api/docs/openapi.json').set('Accept', 'text/html,*/*').expect(200);
    expect(openApi.headers['content-type']).toMatch(/^application\/json/);
    expect(openApi.body).toEqual(buildOpenApiDocument());
    const asyncApi = await request(api.url).get('/api/docs/asyncapi.json').expect(200);
    expect(asyncApi.body).toEqual(buildAsyncApiDocument());
  });

  it('answers 404 as JSON for a file outside the allow-list', async () => {
    for (const file of ['package.json', 'index.html', '..%2F..%2Fpackage.json']) {
      const res = await request(api.url).get(`/api/docs/assets/${file}`).set('Accept', 'text/html').expect(404);
      expect(res.body).toEqual({ error: { code: 'not_found', message: 'not found' } });
    }
  });
});
