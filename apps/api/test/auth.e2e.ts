import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { bearer, loginAs, querySql, startTestApi, TEST_JWT_SECRET, uniqueName, useTestApi } from './support';

describe('auth', () => {
  const api = useTestApi();

  describe('POST /api/auth/login (dev mode)', () => {
    it('creates the user on first use and signs an HS256 token with sub = user id', async () => {
      const username = uniqueName('alice');
      const res = await request(api.url).post('/api/auth/login').send({ username });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ token: expect.any(String), user: { id: expect.any(String), username } });
      const decoded = jwt.verify(res.body.token, TEST_JWT_SECRET, { algorithms: ['HS256'], complete: true });
      expect(decoded.header.alg).toBe('HS256');
      expect(decoded.payload).toMatchObject({ sub: res.body.user.id, username });
    });

    it('returns the same user on the next login, and usernames are case-sensitive', async () => {
      const username = uniqueName('Bob');
      const first = await loginAs(api.url, username);
      const second = await loginAs(api.url, username);
      const other = await loginAs(api.url, username.toLowerCase());
      expect(second.user.id).toBe(first.user.id);
      expect(other.user.id).not.toBe(first.user.id);
    });

    it.each([
      ['missing username', {}],
      ['empty username', { username: '' }],
      ['bad characters', { username: 'a b!' }],
      ['too long', { username: 'x'.repeat(33) }],
      ['not a string', { username: 42 }],
      ['an unknown field', { username: 'okname', admin: true }],
    ])('rejects %s with 400 validation_failed and details', async (_what, body) => {
      const res = await request(api.url).post('/api/auth/login').send(body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        error: { code: 'validation_failed', message: expect.stringMatching(/^invalid login body/), details: expect.any(Array) },
      });
      expect(res.body.error.details.length).toBeGreaterThan(0);
      expect(res.body.error.details[0]).toEqual({ path: expect.any(String), message: expect.any(String) });
    });

    it('is a 404 when AUTH_MODE=jwt, before looking at the body', async () => {
      const jwtApi = await startTestApi({ AUTH_MODE: 'jwt' });
      try {
        for (const body of [{ username: uniqueName() }, { nonsense: 1 }]) {
          const res = await request(jwtApi.url).post('/api/auth/login').send(body);
          expect(res.status).toBe(404);
          expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
        }
        // Tokens from an identity provider still work there.
        const user = await loginAs(api.url);
        const me = await request(jwtApi.url).get('/api/me').set(user.auth);
        expect(me.status).toBe(200);
      } finally {
        await jwtApi.close();
      }
    });
  });

  describe('bearer tokens', () => {
    const expect401 = async (headers: Record<string, string>) => {
      const res = await request(api.url).get('/api/me').set(headers);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    };

    it('accepts a valid token', async () => {
      const alice = await loginAs(api.url);
      const res = await request(api.url).get('/api/me').set(alice.auth);
      expect(res.status).toBe(200);
      expect(res.body.user).toEqual(alice.user);
    });

    it('accepts a token from another issuer that carries only sub', async () => {
      const alice = await loginAs(api.url);
      const token = jwt.sign({}, TEST_JWT_SECRET, { algorithm: 'HS256', subject: alice.user.id });
      const res = await request(api.url).get('/api/me').set(bearer(token));
      expect(res.status).toBe(200);
      expect(res.body.user).toEqual(alice.user);
    });

    it('answers 401 without a token or with a malformed header', async () => {
      await expect401({});
      const alice = await loginAs(api.url);
      await expect401({ Authorization: alice.token });
      await expect401({ Authorization: `Basic ${alice.token}` });
      await expect401({ Authorization: 'Bearer ' });
    });

    it('answers 401 for a bad signature, an expired token, an unsigned token and a non-uuid sub', async () => {
      const alice = await loginAs(api.url);
      await expect401(bearer(jwt.sign({}, 'another-secret-of-sufficient-length', { subject: alice.user.id })));
      await expect401(bearer(jwt.sign({ exp: Math.floor(Date.now() / 1000) - 60 }, TEST_JWT_SECRET, { subject: alice.user.id })));
      await expect401(bearer(jwt.sign({}, TEST_JWT_SECRET, { subject: 'not-a-uuid' })));
      await expect401(bearer(jwt.sign({ username: 'x' }, TEST_JWT_SECRET)));
      const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
        JSON.stringify({ sub: alice.user.id }),
      ).toString('base64url')}.`;
      await expect401(bearer(unsigned));
    });

    it('answers 401 for a valid token whose user no longer exists', async () => {
      await expect401(bearer(jwt.sign({}, TEST_JWT_SECRET, { subject: randomUUID() })));
      const ghost = await loginAs(api.url);
      await querySql('DELETE FROM users WHERE id = $1', [ghost.user.id]);
      await expect401(ghost.auth);
    });

    it('guards every public route', async () => {
      const id = randomUUID();
      const routes: [string, string][] = [
        ['get', '/api/me'],
        ['get', '/api/me/unread'],
        ['post', '/api/communities'],
        ['post', `/api/communities/${id}/members`],
        ['post', `/api/communities/${id}/channels`],
        ['get', `/api/communities/${id}/channels`],
        ['get', `/api/communities/${id}/endpoint`],
        ['post', `/api/channels/${id}/join`],
        ['post', `/api/channels/${id}/members`],
        ['get', `/api/channels/${id}/messages`],
        ['post', `/api/channels/${id}/read`],
      ];
      for (const [method, route] of routes) {
        const res = await (method === 'get' ? request(api.url).get(route) : request(api.url).post(route).send({}));
        expect([route, res.status, res.body.error?.code]).toEqual([route, 401, 'unauthorized']);
      }
    });
  });

  describe('errors outside the routes', () => {
    it('answers unknown routes with the 404 error body', async () => {
      const alice = await loginAs(api.url);
      for (const route of ['/api/nope', '/nope', '/internal/nope', '/api/internal/chat-batch']) {
        const res = await request(api.url).get(route).set(alice.auth);
        expect([route, res.status, res.body]).toEqual([route, 404, { error: { code: 'not_found', message: 'not found' } }]);
      }
      const post = await request(api.url).post('/api/internal/chat-batch').send({ commands: [] });
      expect(post.status).toBe(404);
    });

    it('answers a non-uuid id in a path with 404', async () => {
      const alice = await loginAs(api.url);
      const res = await request(api.url).get('/api/communities/not-a-uuid/channels').set(alice.auth);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    });

    it('answers malformed JSON with 400 validation_failed', async () => {
      const alice = await loginAs(api.url);
      const res = await request(api.url)
        .post('/api/communities')
        .set(alice.auth)
        .set('Content-Type', 'application/json')
        .send('{"name": "oops",');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: { code: 'validation_failed', message: 'malformed JSON body' } });
    });

    it('answers a body over the limit with validation_failed', async () => {
      const alice = await loginAs(api.url);
      const res = await request(api.url)
        .post('/api/communities')
        .set(alice.auth)
        .send({ name: 'x'.repeat(1_100_000) });
      expect(res.status).toBe(413);
      expect(res.body).toEqual({ error: { code: 'validation_failed', message: 'request body too large' } });
    });
  });

  describe('WEB_DIR', () => {
    it('serves the web client with a single-page fallback, and keeps API errors JSON', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'web-'));
      writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>chat</title>');
      writeFileSync(path.join(dir, 'app.js'), 'console.log(1)');
      // Files are never looked up for API paths, not even one that exists under WEB_DIR.
      mkdirSync(path.join(dir, 'api'));
      writeFileSync(path.join(dir, 'api', 'nope'), 'a file, not the API');
      const web = await startTestApi({ WEB_DIR: dir });
      try {
        const root = await request(web.url).get('/').set('Accept', 'text/html');
        expect(root.status).toBe(200);
        expect(root.text).toContain('<title>chat</title>');
        const asset = await request(web.url).get('/app.js');
        expect(asset.status).toBe(200);
        expect(asset.text).toBe('console.log(1)');
        const deepLink = await request(web.url).get('/c/some/route').set('Accept', 'text/html');
        expect(deepLink.status).toBe(200);
        expect(deepLink.text).toContain('<title>chat</title>');
        const api404 = await request(web.url).get('/api/nope').set('Accept', 'text/html');
        expect(api404.status).toBe(404);
        expect(api404.body.error.code).toBe('not_found');
      } finally {
        await web.close();
      }
    });
  });
});

describe('auth with the deployment token rules (JWT_REQUIRE_EXP, JWT_ISSUER, JWT_AUDIENCE)', () => {
  const api = useTestApi({ JWT_REQUIRE_EXP: true, JWT_ISSUER: 'commu-test', JWT_AUDIENCE: 'commu-chat' });

  it('signs the issuer and audience into dev-login tokens and accepts them', async () => {
    const alice = await loginAs(api.url);
    expect(jwt.decode(alice.token)).toMatchObject({ iss: 'commu-test', aud: 'commu-chat', exp: expect.any(Number) });
    expect((await request(api.url).get('/api/me').set(alice.auth)).status).toBe(200);
  });

  it('answers 401 for a token without exp, or from another issuer or audience', async () => {
    const alice = await loginAs(api.url);
    const sign = (options: jwt.SignOptions) => bearer(jwt.sign({}, TEST_JWT_SECRET, { algorithm: 'HS256', subject: alice.user.id, ...options }));
    for (const options of [
      { issuer: 'commu-test', audience: 'commu-chat' },
      { issuer: 'elsewhere', audience: 'commu-chat', expiresIn: 60 },
      { issuer: 'commu-test', audience: 'other', expiresIn: 60 },
    ]) {
      expect((await request(api.url).get('/api/me').set(sign(options))).status).toBe(401);
    }
  });
});
