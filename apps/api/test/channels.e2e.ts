import { randomUUID } from 'node:crypto';
import type { ChannelListItem } from '@app/shared';
import request from 'supertest';
import {
  type TestUser,
  addChannelMember,
  addMemberTo,
  createChannel,
  createCommunity,
  createCommunityWithChannel,
  loginAs,
  uniqueName,
  useTestApi,
} from './support';

describe('channels', () => {
  const api = useTestApi();

  const list = async (user: TestUser, communityId: string): Promise<ChannelListItem[]> => {
    const res = await request(api.url).get(`/api/communities/${communityId}/channels`).set(user.auth);
    expect(res.status).toBe(200);
    return res.body as ChannelListItem[];
  };

  describe('POST /api/communities/:id/channels', () => {
    it('creates public and private channels; the creator is a member of both', async () => {
      const owner = await loginAs(api.url);
      const community = await createCommunity(api.url, owner);
      const name = uniqueName('general');
      const pub = await request(api.url)
        .post(`/api/communities/${community.id}/channels`)
        .set(owner.auth)
        .send({ name: ` ${name} ` });
      expect(pub.status).toBe(201);
      expect(pub.body).toEqual({ id: expect.any(String), communityId: community.id, name, private: false });
      const priv = await request(api.url)
        .post(`/api/communities/${community.id}/channels`)
        .set(owner.auth)
        .send({ name: 'secret', private: true });
      expect(priv.status).toBe(201);
      expect(priv.body.private).toBe(true);

      const channels = await list(owner, community.id);
      const counts = { lastSeq: 0, lastReadSeq: 0, unread: 0, mentions: 0 };
      // Every community starts with its default channel, #town-square.
      expect(channels).toEqual(
        [
          { id: expect.any(String), name: 'town-square', private: false, isMember: true, ...counts },
          { id: pub.body.id, name, private: false, isMember: true, ...counts },
          { id: priv.body.id, name: 'secret', private: true, isMember: true, ...counts },
        ].sort((a, b) => a.name.localeCompare(b.name)),
      );
    });

    it('answers 409 conflict for a name already used in the community, but allows it in another one', async () => {
      const owner = await loginAs(api.url);
      const community = await createCommunity(api.url, owner);
      const other = await createCommunity(api.url, owner);
      await createChannel(api.url, owner, community.id, { name: 'random' });
      const duplicate = await request(api.url).post(`/api/communities/${community.id}/channels`).set(owner.auth).send({ name: 'random' });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body).toEqual({ error: { code: 'conflict', message: expect.stringContaining('random') } });
      const elsewhere = await request(api.url).post(`/api/communities/${other.id}/channels`).set(owner.auth).send({ name: 'random' });
      expect(elsewhere.status).toBe(201);
    });

    it('lets any community member create channels, not outsiders; unknown community is 404', async () => {
      const owner = await loginAs(api.url);
      const community = await createCommunity(api.url, owner);
      const member = await addMemberTo(api.url, owner, community.id);
      const stranger = await loginAs(api.url);
      const byMember = await request(api.url).post(`/api/communities/${community.id}/channels`).set(member.auth).send({ name: 'ideas' });
      expect(byMember.status).toBe(201);
      const byStranger = await request(api.url).post(`/api/communities/${community.id}/channels`).set(stranger.auth).send({ name: 'x' });
      expect(byStranger.status).toBe(403);
      expect(byStranger.body.error.code).toBe('forbidden');
      const unknown = await request(api.url).post(`/api/communities/${randomUUID()}/channels`).set(owner.auth).send({ name: 'x' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('not_found');
    });

    it.each([
      ['a missing name', { private: true }],
      ['a blank name', { name: ' \t ' }],
      ['a name too long', { name: 'c'.repeat(81) }],
      ['a non-boolean private', { name: 'x', private: 'yes' }],
      ['an unknown field', { name: 'x', topic: 'y' }],
    ])('rejects %s with 400', async (_what, body) => {
      const owner = await loginAs(api.url);
      const community = await createCommunity(api.url, owner);
      const res = await request(api.url).post(`/api/communities/${community.id}/channels`).set(owner.auth).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ code: 'validation_failed', message: expect.any(String), details: expect.any(Array) });
    });
  });

  describe('GET /api/communities/:id/channels', () => {
    it('shows public channels to every member and private ones only to their members', async () => {
      const { owner, community, channel: general } = await createCommunityWithChannel(api.url);
      const secret = await createChannel(api.url, owner, community.id, { private: true });
      const member = await addMemberTo(api.url, owner, community.id);

      // Besides the channel under test, the member sees the community's default channel, which they joined.
      const seen = (await list(member, community.id)).filter((c) => c.name !== 'town-square');
      expect(seen).toEqual([
        { id: general.id, name: general.name, private: false, isMember: false, lastSeq: 0, lastReadSeq: 0, unread: 0, mentions: 0 },
      ]);

      await addChannelMember(api.url, owner, secret.id, member.user.id);
      const after = (await list(member, community.id)).filter((c) => c.name !== 'town-square');
      expect(after.map((c) => [c.id, c.isMember]).sort()).toEqual(
        [
          [general.id, false],
          [secret.id, true],
        ].sort(),
      );
    });

    it('refuses outsiders (403) and unknown communities (404)', async () => {
      const { community } = await createCommunityWithChannel(api.url);
      const stranger = await loginAs(api.url);
      const forbidden = await request(api.url).get(`/api/communities/${community.id}/channels`).set(stranger.auth);
      expect(forbidden.status).toBe(403);
      const missing = await request(api.url).get(`/api/communities/${randomUUID()}/channels`).set(stranger.auth);
      expect(missing.status).toBe(404);
    });
  });

  describe('POST /api/channels/:id/join', () => {
    it('lets a community member join a public channel, idempotently', async () => {
      const { owner, community, channel } = await createCommunityWithChannel(api.url);
      const member = await addMemberTo(api.url, owner, community.id);
      for (let i = 0; i < 2; i++) {
        const res = await request(api.url).post(`/api/channels/${channel.id}/join`).set(member.auth);
        expect(res.status).toBe(201);
        expect(res.body).toEqual({ channelId: channel.id, userId: member.user.id });
      }
      expect((await list(member, community.id)).find((c) => c.id === channel.id)?.isMember).toBe(true);
    });

    it('refuses a private channel (403) unless already a member', async () => {
      const { owner, community, channel: secret } = await createCommunityWithChannel(api.url, { private: true });
      const member = await addMemberTo(api.url, owner, community.id);
      const res = await request(api.url).post(`/api/channels/${secret.id}/join`).set(member.auth);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
      const byOwner = await request(api.url).post(`/api/channels/${secret.id}/join`).set(owner.auth);
      expect(byOwner.status).toBe(201);
    });

    it('refuses users outside the community (403), unknown channels (404) and non-uuid ids (404)', async () => {
      const { channel } = await createCommunityWithChannel(api.url);
      const stranger = await loginAs(api.url);
      expect((await request(api.url).post(`/api/channels/${channel.id}/join`).set(stranger.auth)).status).toBe(403);
      expect((await request(api.url).post(`/api/channels/${randomUUID()}/join`).set(stranger.auth)).status).toBe(404);
      expect((await request(api.url).post('/api/channels/general/join').set(stranger.auth)).status).toBe(404);
    });
  });

  describe('POST /api/channels/:id/members', () => {
    it('lets a channel member bring a community member into a private channel', async () => {
      const { owner, community, channel: secret } = await createCommunityWithChannel(api.url, { private: true });
      const insider = await addMemberTo(api.url, owner, community.id, secret.id);
      const newcomer = await addMemberTo(api.url, owner, community.id);
      const res = await request(api.url).post(`/api/channels/${secret.id}/members`).set(insider.auth).send({ userId: newcomer.user.id });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ channelId: secret.id, userId: newcomer.user.id });
      const again = await request(api.url).post(`/api/channels/${secret.id}/members`).set(insider.auth).send({ userId: newcomer.user.id });
      expect(again.status).toBe(201);
      const listed = await list(newcomer, community.id);
      expect(listed.filter((c) => c.name !== 'town-square').map((c) => c.id)).toEqual([secret.id]);
      expect(listed.find((c) => c.name === 'town-square')?.isMember).toBe(true);
    });

    it('refuses callers who are not in the channel (403)', async () => {
      const { owner, community, channel: secret } = await createCommunityWithChannel(api.url, { private: true });
      const outsider = await addMemberTo(api.url, owner, community.id);
      const res = await request(api.url).post(`/api/channels/${secret.id}/members`).set(outsider.auth).send({ userId: outsider.user.id });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    });

    it('refuses a target outside the community (403), an unknown user (404) and an unknown channel (404)', async () => {
      const { owner, channel } = await createCommunityWithChannel(api.url);
      const stranger = await loginAs(api.url);
      const outside = await request(api.url).post(`/api/channels/${channel.id}/members`).set(owner.auth).send({ userId: stranger.user.id });
      expect(outside.status).toBe(403);
      const unknownUser = await request(api.url).post(`/api/channels/${channel.id}/members`).set(owner.auth).send({ userId: randomUUID() });
      expect(unknownUser.status).toBe(404);
      expect(unknownUser.body.error.code).toBe('not_found');
      const unknownChannel = await request(api.url)
        .post(`/api/channels/${randomUUID()}/members`)
        .set(owner.auth)
        .send({ userId: stranger.user.id });
      expect(unknownChannel.status).toBe(404);
    });

    it('rejects an invalid body with 400', async () => {
      const { owner, channel } = await createCommunityWithChannel(api.url);
      for (const body of [{}, { userId: 'nope' }, { userId: randomUUID(), extra: 1 }]) {
        const res = await request(api.url).post(`/api/channels/${channel.id}/members`).set(owner.auth).send(body);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
        expect(res.body.error.details.length).toBeGreaterThan(0);
      }
    });
  });

  describe('private channels stay closed to non-members', () => {
    it('keeps history and read markers away from community members outside the channel', async () => {
      const { owner, community, channel: secret } = await createCommunityWithChannel(api.url, { private: true });
      const member = await addMemberTo(api.url, owner, community.id);
      const history = await request(api.url).get(`/api/channels/${secret.id}/messages`).set(member.auth);
      expect(history.status).toBe(403);
      const read = await request(api.url).post(`/api/channels/${secret.id}/read`).set(member.auth).send({ seq: 1 });
      expect(read.status).toBe(403);
      const unread = await request(api.url).get('/api/me/unread').set(member.auth);
      // Only the community's default channel, which every member joins.
      expect((unread.body as { channelId: string }[]).map((u) => u.channelId)).not.toContain(secret.id);
      expect(unread.body).toHaveLength(1);
    });
  });
});
