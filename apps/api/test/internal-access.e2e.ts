import { randomUUID } from 'node:crypto';
import { INTERNAL_ROUTES } from '@app/shared';
import request from 'supertest';
import {
  addMemberTo,
  bearer,
  createChannel,
  createCommunityWithChannel,
  loginAs,
  postMessages,
  TEST_INTERNAL_TOKEN,
  useTestApi,
} from './support';

describe('internal routes', () => {
  const api = useTestApi();

  const call = (route: string, body: unknown, token = TEST_INTERNAL_TOKEN) =>
    request(api.internalUrl)
      .post(route)
      .set(bearer(token))
      .send(body as object);

  describe('their own listener', () => {
    it.each(Object.values(INTERNAL_ROUTES))('%s is not served on the public port, whatever the token', async (route) => {
      const res = await request(api.url).post(route).set(bearer(TEST_INTERNAL_TOKEN)).send({ commands: [] });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: { code: 'not_found', message: 'not found' } });
    });

    it('serves nothing but the internal routes on the internal port', async () => {
      for (const path of ['/api/me', '/metrics', '/', '/api/auth/login']) {
        expect((await request(api.internalUrl).get(path)).status).toBe(404);
      }
      expect((await request(api.internalUrl).post('/api/auth/login').send({ username: 'x' })).status).toBe(404);
      // The probes answer there too: the socket nodes' readiness asks for the API's liveness where they reach it.
      expect((await request(api.internalUrl).get('/health/live')).status).toBe(200);
    });

    it('listens on loopback by default', () => {
      expect(new URL(api.internalUrl).hostname).toBe('127.0.0.1');
      expect(api.config.INTERNAL_HOST).toBe('127.0.0.1');
    });
  });

  describe('INTERNAL_TOKEN', () => {
    it.each(Object.values(INTERNAL_ROUTES))('%s answers 401 without the right token', async (route) => {
      const user = await loginAs(api.url);
      const attempts = [
        request(api.internalUrl).post(route).send({}),
        call(route, {}, 'wrong-token-of-some-length-0000'),
        call(route, {}, `${TEST_INTERNAL_TOKEN}x`),
        call(route, {}, user.token),
        request(api.internalUrl).post(route).set('Authorization', TEST_INTERNAL_TOKEN).send({}),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      }
      // With the token the same request gets past the guard (and fails validation instead).
      const passed = await call(route, { nonsense: true });
      expect(passed.status).toBe(400);
    });
  });

  describe(INTERNAL_ROUTES.communityAccess, () => {
    it('answers ok with the user for a member', async () => {
      const { owner, community } = await createCommunityWithChannel(api.url);
      const res = await call(INTERNAL_ROUTES.communityAccess, { userId: owner.user.id, communityId: community.id });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: true, user: owner.user });
    });

    it('answers not_found for an unknown community, unauthorized for an unknown user, forbidden for a non-member', async () => {
      const { community } = await createCommunityWithChannel(api.url);
      const stranger = await loginAs(api.url);
      const cases: [object, string][] = [
        [{ userId: stranger.user.id, communityId: randomUUID() }, 'not_found'],
        [{ userId: randomUUID(), communityId: community.id }, 'unauthorized'],
        [{ userId: randomUUID(), communityId: randomUUID() }, 'unauthorized'],
        [{ userId: stranger.user.id, communityId: community.id }, 'forbidden'],
      ];
      for (const [body, code] of cases) {
        const res = await call(INTERNAL_ROUTES.communityAccess, body);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ ok: false, error: { code, message: expect.any(String) } });
      }
    });

    it('rejects a malformed body with 400', async () => {
      const res = await call(INTERNAL_ROUTES.communityAccess, { userId: 'x', communityId: randomUUID() });
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ code: 'validation_failed', message: expect.any(String), details: expect.any(Array) });
    });
  });

  describe(INTERNAL_ROUTES.channelAccess, () => {
    it('allows only channels of this community that the user belongs to', async () => {
      const { owner, community, channel: joined } = await createCommunityWithChannel(api.url);
      const notJoined = await createChannel(api.url, owner, community.id);
      const secret = await createChannel(api.url, owner, community.id, { private: true });
      const elsewhere = await createCommunityWithChannel(api.url);
      const member = await addMemberTo(api.url, owner, community.id, joined.id);
      const unknown = randomUUID();

      const res = await call(INTERNAL_ROUTES.channelAccess, {
        userId: member.user.id,
        communityId: community.id,
        channelIds: [joined.id, notJoined.id, secret.id, elsewhere.channel.id, unknown, joined.id],
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        allowed: [joined.id],
        rejected: [
          { channelId: notJoined.id, code: 'forbidden' },
          { channelId: secret.id, code: 'forbidden' },
          { channelId: elsewhere.channel.id, code: 'not_found' },
          { channelId: unknown, code: 'not_found' },
        ],
      });
    });

    it('rejects every channel for someone outside the community', async () => {
      const { community, channel } = await createCommunityWithChannel(api.url);
      const stranger = await loginAs(api.url);
      const res = await call(INTERNAL_ROUTES.channelAccess, { userId: stranger.user.id, communityId: community.id, channelIds: [channel.id] });
      expect(res.body).toEqual({ allowed: [], rejected: [{ channelId: channel.id, code: 'forbidden' }] });
    });

    it('rejects malformed channel ids with 400', async () => {
      const { owner, community } = await createCommunityWithChannel(api.url);
      const res = await call(INTERNAL_ROUTES.channelAccess, { userId: owner.user.id, communityId: community.id, channelIds: ['general'] });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    });
  });

  describe(INTERNAL_ROUTES.read, () => {
    it('moves the marker forward only, clamped to the last message', async () => {
      const { owner, community, channel } = await createCommunityWithChannel(api.url);
      await postMessages(api.url, owner, community.id, channel.id, ['1', '2', '3']);
      const read = (seq: number) => call(INTERNAL_ROUTES.read, { userId: owner.user.id, communityId: community.id, channelId: channel.id, seq });
      expect((await read(2)).body).toEqual({ ok: true, lastReadSeq: 2 });
      expect((await read(1)).body).toEqual({ ok: true, lastReadSeq: 2 });
      expect((await read(99)).body).toEqual({ ok: true, lastReadSeq: 3 });
      const rest = await request(api.url).get('/api/me/unread').set(owner.auth);
      expect(rest.body[0]).toMatchObject({ channelId: channel.id, lastReadSeq: 3 });
    });

    it('refuses a channel of another community (not_found) and non-members (forbidden)', async () => {
      const a = await createCommunityWithChannel(api.url);
      const b = await createCommunityWithChannel(api.url);
      const outsider = await addMemberTo(api.url, a.owner, a.community.id);
      const cases: [object, string][] = [
        [{ userId: b.owner.user.id, communityId: a.community.id, channelId: b.channel.id, seq: 1 }, 'not_found'],
        [{ userId: a.owner.user.id, communityId: a.community.id, channelId: randomUUID(), seq: 1 }, 'not_found'],
        [{ userId: outsider.user.id, communityId: a.community.id, channelId: a.channel.id, seq: 1 }, 'forbidden'],
      ];
      for (const [body, code] of cases) {
        const res = await call(INTERNAL_ROUTES.read, body);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ ok: false, error: { code, message: expect.any(String) } });
      }
    });

    it('rejects a malformed body with 400', async () => {
      const { owner, community, channel } = await createCommunityWithChannel(api.url);
      const res = await call(INTERNAL_ROUTES.read, { userId: owner.user.id, communityId: community.id, channelId: channel.id, seq: -1 });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    });
  });
});
