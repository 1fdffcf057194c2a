import { randomUUID } from 'node:crypto';
import { communityNamespace } from '@app/shared';
import request from 'supertest';
import { addCommunityMember, createCommunity, loginAs, querySql, TEST_SOCKET_ENDPOINT_URL, uniqueName, useTestApi } from './support';

describe('communities', () => {
  const api = useTestApi();

  describe('POST /api/communities', () => {
    it('creates a community with its namespace and makes the caller its owner', async () => {
      const owner = await loginAs(api.url);
      const name = uniqueName('Rustaceans');
      const res = await request(api.url)
        .post('/api/communities')
        .set(owner.auth)
        .send({ name: `  ${name}  ` });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String), name, namespace: `/socket/commu-${res.body.id}` });

      const me = await request(api.url).get('/api/me').set(owner.auth);
      expect(me.status).toBe(200);
      expect(me.body).toEqual({
        user: owner.user,
        communities: [
          { id: res.body.id, name, namespace: communityNamespace(res.body.id), role: 'owner', defaultChannelId: expect.any(String) },
        ],
      });
    });

    it('lists every community of the caller in GET /api/me, in joining order', async () => {
      const alice = await loginAs(api.url);
      const bob = await loginAs(api.url);
      const first = await createCommunity(api.url, alice);
      const second = await createCommunity(api.url, bob);
      await addCommunityMember(api.url, bob, second.id, alice.user.id);
      const me = await request(api.url).get('/api/me').set(alice.auth);
      expect(me.body.communities.map((c: { id: string; role: string }) => [c.id, c.role])).toEqual([
        [first.id, 'owner'],
        [second.id, 'member'],
      ]);
    });

    it('starts a new user with no communities', async () => {
      const carol = await loginAs(api.url);
      const me = await request(api.url).get('/api/me').set(carol.auth);
      expect(me.body).toEqual({ user: carol.user, communities: [] });
    });

    it.each([
      ['a missing name', {}],
      ['an empty name', { name: '' }],
      ['a blank name', { name: '   ' }],
      ['a name too long', { name: 'n'.repeat(81) }],
      ['a non-string name', { name: ['x'] }],
      ['an unknown field', { name: 'ok', owner: 'me' }],
      ['a non-object body', ['name']],
    ])('rejects %s with 400', async (_what, body) => {
      const owner = await loginAs(api.url);
      const res = await request(api.url).post('/api/communities').set(owner.auth).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ code: 'validation_failed', message: expect.any(String), details: expect.any(Array) });
    });
  });

  describe('POST /api/communities/:id/members', () => {
    it('lets the owner add a member, idempotently', async () => {
      const owner = await loginAs(api.url);
      const bob = await loginAs(api.url);
      const community = await createCommunity(api.url, owner);
      for (let i = 0; i < 2; i++) {
        const res = await request(api.url).post(`/api/communities/${community.id}/members`).set(owner.auth).send({ userId: bob.user.id });
        expect(res.status).toBe(201);
        expect(res.body).toEqual({ communityId: community.id, userId: bob.user.id, role: 'member' });
      }
      const rows = await querySql('SELECT role FROM community_members WHERE community_id = $1 AND user_id = $2', [community.id, bob.user.id]);
      expect(rows).toEqual([{ role: 'member' }]);
      const me = await request(api.url).get('/api/me').set(bob.auth);
      expect(me.body.communities).toEqual([
        { id: community.id, name: community.name, namespace: community.namespace, role: 'member', defaultChannelId: expect.any(String) },
      ]);
    });

    it('keeps the role of someone already in (adding the owner again leaves them owner)', async () => {
      const owner = await loginAs(api.url);
      const community = await createCommunity(api.url, owner);
      const res = await request(api.url).post(`/api/communities/${community.id}/members`).set(owner.auth).send({ userId: owner.user.id });
      expect(res.status).toBe(201);
      expect(res.body.role).toBe('owner');
    });

    it('lets an admin add members, but not a plain member', async () => {
      const owner = await loginAs(api.url);
      const admin = await loginAs(api.url);
      const member = await loginAs(api.url);
      const newcomer = await loginAs(api.url);
      const community = await createCommunity(api.url, owner);
      await addCommunityMember(api.url, owner, community.id, admin.user.id);
      await addCommunityMember(api.url, owner, community.id, member.user.id);
      await querySql(`UPDATE community_members SET role = 'admin' WHERE community_id = $1 AND user_id = $2`, [community.id, admin.user.id]);

      const byMember = await request(api.url)
        .post(`/api/communities/${community.id}/members`)
        .set(member.auth)
        .send({ userId: newcomer.user.id });
      expect(byMember.status).toBe(403);
      expect(byMember.body).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });

      const byAdmin = await request(api.url).post(`/api/communities/${community.id}/members`).set(admin.auth).send({ userId: newcomer.user.id });
      expect(byAdmin.status).toBe(201);
    });

    it('refuses non-members (403), unknown communities (404) and unknown users (404)', async () => {
      const owner = await loginAs(api.url);
      const stranger = await loginAs(api.url);
      const community = await createCommunity(api.url, owner);

      const byStranger = await request(api.url)
        .post(`/api/communities/${community.id}/members`)
        .set(stranger.auth)
        .send({ userId: stranger.user.id });
      expect(byStranger.status).toBe(403);
      expect(byStranger.body.error.code).toBe('forbidden');

      const unknownCommunity = await request(api.url)
        .post(`/api/communities/${randomUUID()}/members`)
        .set(owner.auth)
        .send({ userId: stranger.user.id });
      expect(unknownCommunity.status).toBe(404);
      expect(unknownCommunity.body.error.code).toBe('not_found');

      const unknownUser = await request(api.url).post(`/api/communities/${community.id}/members`).set(owner.auth).send({ userId: randomUUID() });
      expect(unknownUser.status).toBe(404);
      expect(unknownUser.body.error.code).toBe('not_found');
    });

    it.each([
      ['a missing userId', {}],
      ['a non-uuid userId', { userId: 'bob' }],
      ['an unknown field', { userId: randomUUID(), role: 'admin' }],
    ])('rejects %s with 400', async (_what, body) => {
      const owner = await loginAs(api.url);
      const community = await createCommunity(api.url, owner);
      const res = await request(api.url).post(`/api/communities/${community.id}/members`).set(owner.auth).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.length).toBeGreaterThan(0);
    });
  });

  describe('GET /api/communities/:id/endpoint', () => {
    it('gives members the socket node and namespace of the community', async () => {
      const owner = await loginAs(api.url);
      const community = await createCommunity(api.url, owner);
      const res = await request(api.url).get(`/api/communities/${community.id}/endpoint`).set(owner.auth);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ url: TEST_SOCKET_ENDPOINT_URL, namespace: community.namespace });
    });

    it('refuses non-members (403) and unknown communities (404)', async () => {
      const owner = await loginAs(api.url);
      const stranger = await loginAs(api.url);
      const community = await createCommunity(api.url, owner);
      const forbidden = await request(api.url).get(`/api/communities/${community.id}/endpoint`).set(stranger.auth);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.error.code).toBe('forbidden');
      const missing = await request(api.url).get(`/api/communities/${randomUUID()}/endpoint`).set(owner.auth);
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('not_found');
    });
  });
});
