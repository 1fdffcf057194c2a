import { randomUUID } from 'node:crypto';
import { communityNamespace } from '@app/shared';
import request from 'supertest';
import { createCommunity, loginAs } from '../../api/test/support';
import { channelWorld, useChatStack } from './support/chat-stack';
import { ack } from './support/socket-clients';
import jwt from 'jsonwebtoken';
import { io } from 'socket.io-client';
import { signTestToken, TEST_SECRETS } from './support/socket-test-config';

/** Who may open a community namespace, against the real API. */
describe('connecting to a community namespace', () => {
  const stack = useChatStack();

  const refusal = (namespace: string, auth?: Record<string, unknown>) => stack.clients.refusal(stack.socket.url, namespace, auth);

  it("announces the heartbeat in Engine.IO's handshake (SOCKET_PING_INTERVAL_MS / _TIMEOUT_MS, 10 s each by default)", async () => {
    // A client leaves a node that went silent without closing (its host gone) within their sum, 20 s.
    const res = await request(stack.socket.url).get('/socket.io/').query({ EIO: '4', transport: 'polling' });
    expect(res.status).toBe(200);
    const open = JSON.parse(res.text.replace(/^0/, '')) as { pingInterval: number; pingTimeout: number };
    expect({ pingInterval: open.pingInterval, pingTimeout: open.pingTimeout }).toEqual({ pingInterval: 10_000, pingTimeout: 10_000 });
  });

  it('admits a member and knows who it is', async () => {
    const { community, owner, members } = await channelWorld(stack.api.url);
    const socket = await stack.connect(members[0], community);
    expect(socket.connected).toBe(true);
    const server = stack.socket.io._nsps.get(community.namespace)?.sockets.get(socket.id ?? '');
    expect(server?.data).toEqual({ user: members[0].user, communityId: community.id, tokenExpiresAt: expect.any(Number) });
    // The owner is a member too.
    expect((await stack.connect(owner, community)).connected).toBe(true);
  });

  it.each([
    ['no auth at all', undefined],
    ['no token', {}],
    ['an empty token', { token: '' }],
    ['a token that is not a string', { token: 42 }],
    ['a malformed token', { token: 'not.a.jwt' }],
    ['a token signed with another secret', { token: signTestToken(randomUUID(), 'another-secret-0123456789abcdef') }],
    ['an expired token', { token: signTestToken(randomUUID(), undefined, { expiresIn: -10 }) }],
    // The API's guard refuses the same token with 401: one verifier, one rule for `sub` (a user id).
    ['a token whose sub is no user id', { token: signTestToken('not-a-uuid') }],
  ])('refuses %s with unauthorized', async (_what, auth) => {
    const owner = await loginAs(stack.api.url);
    const community = await createCommunity(stack.api.url, owner);
    const result = await refusal(community.namespace, auth);
    expect(result.message).toBe('unauthorized');
    expect(result.data?.code).toBe('unauthorized');
  });

  it('refuses a token signed with the none algorithm', async () => {
    const { community, owner } = await channelWorld(stack.api.url, { members: 0 });
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: owner.user.id })).toString('base64url');
    expect((await refusal(community.namespace, { token: `${header}.${payload}.` })).message).toBe('unauthorized');
  });

  it('refuses an unknown community with not_found', async () => {
    const user = await loginAs(stack.api.url);
    expect((await refusal(communityNamespace(randomUUID()), { token: user.token })).message).toBe('not_found');
    expect((await refusal('/socket/commu-nope', { token: user.token })).message).toBe('not_found');
  });

  it('refuses a valid token of a user the API does not know with unauthorized, as the REST guard does', async () => {
    const { community } = await channelWorld(stack.api.url, { members: 0 });
    expect((await refusal(community.namespace, { token: signTestToken(randomUUID()) })).message).toBe('unauthorized');
  });

  it('refuses a non-member with forbidden', async () => {
    const { community } = await channelWorld(stack.api.url, { members: 0 });
    const stranger = await loginAs(stack.api.url);
    const result = await refusal(community.namespace, { token: stranger.token });
    expect(result).toEqual({ message: 'forbidden', data: { code: 'forbidden', message: expect.any(String) } });
  });

  it('serves nothing outside the community pattern', async () => {
    const user = await loginAs(stack.api.url);
    expect((await refusal('/', { token: user.token })).message).toBe('not_found');
    for (const namespace of ['/socket', '/socket/commu-', '/socket/commu-a/b', '/other']) {
      expect((await refusal(namespace, { token: user.token })).message).toBe('Invalid namespace');
    }
  });

  it('multiplexes several communities over one connection', async () => {
    const a = await channelWorld(stack.api.url, { members: 0 });
    const b = await channelWorld(stack.api.url, { members: 0 });
    const user = a.owner;
    await request(stack.api.url).post(`/api/communities/${b.community.id}/members`).set(b.owner.auth).send({ userId: user.user.id }).expect(201);
    const first = await stack.connect(user, a.community);
    const second = first.io.socket(b.community.namespace, { auth: { token: user.token } });
    await new Promise<void>((resolve, reject) => {
      second.once('connect', resolve);
      second.once('connect_error', reject);
    });
    expect(second.io).toBe(first.io);
    expect(await ack(first, 'join', { channels: [a.channel.id] })).toEqual({ joined: [a.channel.id], rejected: [] });
    // Membership of community A does not open B's channels from B's namespace, and vice versa.
    expect(await ack(first, 'join', { channels: [b.channel.id] })).toEqual({
      joined: [],
      rejected: [{ channelId: b.channel.id, code: 'not_found' }],
    });
    second.disconnect();
  });

  it('answers GET /health', async () => {
    const res = await request(stack.socket.url).get('/health');
    expect(res.status).toBe(200);
    // The batcher's counters ride along (the default write mode batches).
    expect(res.body).toEqual({
      status: 'ok',
      chat: {
        batches: expect.any(Number),
        commands: expect.any(Number),
        refused: expect.any(Number),
        requestMs: expect.any(Number),
        queuedMs: expect.any(Number),
      },
    });
  });
});

describe('token lifetime and rules on a socket', () => {
  const stack = useChatStack({ tokenRules: { requireExpiry: true, issuer: 'commu-test', audience: 'commu-chat' } });
  const strict = { issuer: 'commu-test', audience: 'commu-chat' };

  it('tells a socket its session expired and closes it when its token runs out', async () => {
    const { community, owner } = await channelWorld(stack.api.url);
    const token = signTestToken(owner.user.id, undefined, { ...strict, expiresIn: 2 });
    const socket = await stack.clients.connect(stack.socket.url, community.namespace, { token });
    expect(socket.connected).toBe(true);
    const expired = new Promise<unknown>((resolve) => socket.once('session-expired', resolve));
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    expect(await expired).toEqual({ code: 'unauthorized', message: expect.any(String) });
    expect(await closed).toBe('io server disconnect');
    // The same token cannot come back.
    expect((await stack.clients.refusal(stack.socket.url, community.namespace, { token })).message).toBe('unauthorized');
  });

  it.each([
    ['no exp', { ...strict, expiresIn: undefined }],
    ['another issuer', { issuer: 'someone-else', audience: 'commu-chat', expiresIn: 60 }],
    ['another audience', { issuer: 'commu-test', audience: 'other-app', expiresIn: 60 }],
  ])('refuses a token with %s when the deployment requires it', async (_what, options) => {
    const { community, owner } = await channelWorld(stack.api.url);
    const { expiresIn, ...rest } = options;
    const token = jwt.sign({}, TEST_SECRETS.jwtSecret, {
      algorithm: 'HS256',
      subject: owner.user.id,
      ...rest,
      ...(expiresIn ? { expiresIn } : {}),
    });
    expect((await stack.clients.refusal(stack.socket.url, community.namespace, { token })).message).toBe('unauthorized');
    const good = signTestToken(owner.user.id, undefined, { ...strict, expiresIn: 60 });
    expect((await stack.clients.connect(stack.socket.url, community.namespace, { token: good })).connected).toBe(true);
  });
});

describe('browser origins at the handshake', () => {
  const stack = useChatStack({ corsOrigin: ['https://chat.example'] });

  const open = (origin: string | undefined, token: string, namespace: string) =>
    new Promise<string>((resolve) => {
      const socket = io(`${stack.socket.url}${namespace}`, {
        auth: { token },
        forceNew: true,
        reconnection: false,
        transports: ['websocket'],
        extraHeaders: origin ? { origin } : {},
      });
      socket.once('connect', () => (socket.disconnect(), resolve('connected')));
      socket.once('connect_error', () => (socket.disconnect(), resolve('refused')));
    });

  it('admits the allowed origin and clients that send none, and refuses other pages', async () => {
    const { community, owner } = await channelWorld(stack.api.url, { members: 0 });
    expect(await open('https://chat.example', owner.token, community.namespace)).toBe('connected');
    expect(await open(undefined, owner.token, community.namespace)).toBe('connected');
    expect(await open('https://evil.example', owner.token, community.namespace)).toBe('refused');
  });
});
