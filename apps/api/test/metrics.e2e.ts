import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parsePrometheusText, sampleValue } from '../../../test/support/prometheus-text';
import { createCommunityWithChannel, useTestApi } from './support';

/** GET /metrics of the API, after real requests against the real database. */
describe('API metrics', () => {
  const api = useTestApi();

  it('times requests per route pattern, never per raw URL, with method and status', async () => {
    const { owner, channel } = await createCommunityWithChannel(api.url);
    await request(api.url).get(`/api/channels/${channel.id}/messages`).set(owner.auth).expect(200);
    await request(api.url).get(`/api/channels/${channel.id}/messages`).set(owner.auth).expect(200);
    // Refused by the guard: timed all the same.
    await request(api.url).get(`/api/channels/${channel.id}/messages`).expect(401);
    const unknownId = randomUUID();
    await request(api.url).get(`/api/no-such-route/${unknownId}`).expect(404);

    const res = await request(api.url).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const name = 'commu_chat_http_request_duration_seconds_count';
    const route = '/api/channels/:id/messages';
    expect(sampleValue(res.text, name, { method: 'GET', route, status: '200' })).toBe(2);
    expect(sampleValue(res.text, name, { method: 'GET', route, status: '401' })).toBe(1);
    expect(sampleValue(res.text, name, { method: 'GET', route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(res.text, name, { method: 'POST', route: '/api/communities', status: '201' })).toBeGreaterThanOrEqual(1);
    // No label carries an id.
    expect(res.text).not.toContain(channel.id);
    expect(res.text).not.toContain(unknownId);
  });

  it('shows the Postgres pool the queries use: open, idle and waiting connections', async () => {
    const { owner, channel } = await createCommunityWithChannel(api.url);
    await request(api.url).get(`/api/channels/${channel.id}/messages`).set(owner.auth).expect(200);
    const res = await request(api.url).get('/metrics').expect(200);
    const pool = (state: string) => sampleValue(res.text, 'commu_chat_pg_pool_connections', { state });
    // The requests above opened connections, and nothing is running now: all of them idle.
    expect(pool('total')).toBeGreaterThanOrEqual(1);
    expect(pool('idle')).toBe(pool('total'));
    expect(pool('waiting')).toBe(0);
  });

  it('carries the default process metrics', async () => {
    const res = await request(api.url).get('/metrics').expect(200);
    const names = new Set(parsePrometheusText(res.text).map((s) => s.name));
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(names).toContain(name);
    }
  });
});

describe('API metrics beside the web client', () => {
  const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'commu-chat-web-'));
  fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>commu-chat</title>');
  const api = useTestApi({ WEB_DIR: webDir });
  afterAll(() => fs.rmSync(webDir, { recursive: true, force: true }));

  it("answers Prometheus's scrape with the metrics, not the page (its Accept header ends in */*)", async () => {
    const accept = 'application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1';
    const res = await request(api.url).get('/metrics').set('Accept', accept).expect(200);
    expect(res.text).toContain('commu_chat_pg_pool_connections');
    // The page itself is still served.
    expect((await request(api.url).get('/').set('Accept', 'text/html').expect(200)).text).toContain('<title>commu-chat</title>');
  });
});
