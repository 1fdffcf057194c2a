import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { loadSocketConfig } from '../config/socket-config';
import { ApiClient } from './api-client.service';
import { UNAVAILABLE_FOR_CLIENTS } from './api-result';

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

/** A throwaway HTTP server on an ephemeral port, answering every request with `handler`. */
async function fakeApi(handler: Handler): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function clientFor(url: string, timeoutMs = 300): ApiClient {
  return new ApiClient(
    loadSocketConfig({
      INTERNAL_TOKEN: 'internal-token-0123456789',
      JWT_SECRET: 'jwt-secret-0123456789',
      API_URL: url,
      API_TIMEOUT_MS: String(timeoutMs),
    }),
  );
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

const ACCESS = { userId: 'u1', communityId: 'c1' };

describe('ApiClient', () => {
  let stop: (() => Promise<void>)[] = [];
  let warn: jest.SpyInstance;
  beforeAll(() => (warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined)));
  beforeEach(() => warn.mockClear());

  /** Clients hear what to do; the log says why. */
  const expectUnavailable = (result: unknown, logged: string) => {
    expect(result).toEqual({ ok: false, error: { code: 'unavailable', message: UNAVAILABLE_FOR_CLIENTS } });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(logged));
  };
  afterAll(() => jest.restoreAllMocks());
  afterEach(async () => {
    for (const s of stop.reverse()) await s();
    stop = [];
  });

  async function setup(handler: Handler, timeoutMs?: number): Promise<ApiClient> {
    const api = await fakeApi(handler);
    const client = clientFor(api.url, timeoutMs);
    stop.push(api.close, () => client.close());
    return client;
  }

  it('posts JSON with the internal token and returns the parsed answer', async () => {
    let seen: { path?: string; auth?: string; body?: unknown } = {};
    const client = await setup((req, body, res) => {
      seen = { path: req.url, auth: req.headers.authorization, body: JSON.parse(body) };
      json(res, 200, { ok: true, user: { id: 'u1', username: 'alice' } });
    });
    const result = await client.communityAccess(ACCESS);
    expect(result).toEqual({ ok: true, value: { ok: true, user: { id: 'u1', username: 'alice' } } });
    expect(seen).toEqual({ path: '/internal/community-access', auth: 'Bearer internal-token-0123456789', body: ACCESS });
  });

  it('sends a request id of its own on every call, and names it when the call fails', async () => {
    const ids: unknown[] = [];
    const client = await setup((req, _body, res) => {
      ids.push(req.headers['x-request-id']);
      if (ids.length < 3) json(res, 200, { allowed: [], rejected: [] });
      else json(res, 503, { error: { code: 'unavailable', message: 'db down' } });
    });
    await client.channelAccess({ ...ACCESS, channelIds: ['a'] });
    await client.channelAccess({ ...ACCESS, channelIds: ['a'] });
    const warn = jest.mocked(Logger.prototype.warn);
    warn.mockClear();
    expect(await client.channelAccess({ ...ACCESS, channelIds: ['a'] })).toMatchObject({ ok: false });
    expect(ids).toHaveLength(3);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(3);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain(String(ids[2]));
  });

  it('passes a domain refusal through as the answer', async () => {
    const client = await setup((_req, _body, res) => json(res, 200, { ok: false, error: { code: 'forbidden', message: 'not a member' } }));
    expect(await client.communityAccess(ACCESS)).toEqual({
      ok: true,
      value: { ok: false, error: { code: 'forbidden', message: 'not a member' } },
    });
  });

  it('maps a 500 to unavailable', async () => {
    const client = await setup((_req, _body, res) => json(res, 500, { error: { code: 'internal_error', message: 'db down' } }));
    const result = await client.read({ ...ACCESS, channelId: 'ch', seq: 1 });
    expectUnavailable(result, 'the API answered 500: db down');
  });

  it('maps a body that is not JSON to unavailable', async () => {
    const client = await setup((_req, _body, res) => json(res, 200, '<html>proxy error</html>'));
    const result = await client.channelAccess({ ...ACCESS, channelIds: ['a'] });
    expectUnavailable(result, 'the API answered 200 with a body that is not JSON');
  });

  it('maps JSON that is not the route’s answer to unavailable', async () => {
    const client = await setup((_req, _body, res) => json(res, 200, { results: 'nope' }));
    const result = await client.chatBatch({ commands: [] });
    expectUnavailable(result, 'unexpected body');
  });

  it('passes a 400 validation error through and maps a refused internal token to unavailable', async () => {
    let status = 400;
    const client = await setup((_req, _body, res) =>
      json(res, status, { error: { code: status === 400 ? 'validation_failed' : 'unauthorized', message: 'x' } }),
    );
    expect(await client.read({ ...ACCESS, channelId: 'ch', seq: 1 })).toEqual({
      ok: false,
      error: { code: 'validation_failed', message: 'x' },
    });
    status = 401;
    const refused = await client.read({ ...ACCESS, channelId: 'ch', seq: 1 });
    expectUnavailable(refused, 'INTERNAL_TOKEN');
  });

  it('gives up on a server that never answers within the timeout', async () => {
    const client = await setup(() => undefined, 200);
    const started = Date.now();
    const result = await client.chatBatch({ commands: [] });
    const elapsed = Date.now() - started;
    expectUnavailable(result, 'the API did not answer within 200 ms');
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(2000);
  });

  it('gives up on a body that stalls halfway', async () => {
    const client = await setup((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"ok":tr');
    }, 200);
    const result = await client.communityAccess(ACCESS);
    expectUnavailable(result, 'the API did not answer within 200 ms');
  });

  it('reports a closed port as unreachable', async () => {
    const api = await fakeApi(() => undefined);
    await api.close();
    const client = clientFor(api.url);
    stop.push(() => client.close());
    const result = await client.communityAccess(ACCESS);
    expectUnavailable(result, 'the API could not be reached (ECONNREFUSED)');
    expect(JSON.stringify(result)).not.toContain('ECONNREFUSED');
  });

  it('answers unavailable after close instead of throwing', async () => {
    const client = await setup((_req, _body, res) => json(res, 200, { allowed: [], rejected: [] }));
    await client.close();
    expect(await client.channelAccess({ ...ACCESS, channelIds: ['a'] })).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'the socket server is shutting down' },
    });
  });
});
