import { randomUUID } from 'node:crypto';
import type { ChannelListItem, MeResponse, UnreadEntry } from '@app/shared';
import request from 'supertest';
import {
  type TestUser,
  addMemberTo,
  createChannel,
  createCommunityWithChannel,
  internalChatBatch,
  loginAs,
  postMessages,
  useTestApi,
} from './support';

describe('read state', () => {
  const api = useTestApi();

  const markRead = (user: TestUser, channelId: string, body: unknown) =>
    request(api.url)
      .post(`/api/channels/${channelId}/read`)
      .set(user.auth)
      .send(body as object);

  const allUnreadOf = async (user: TestUser): Promise<UnreadEntry[]> => {
    const res = await request(api.url).get('/api/me/unread').set(user.auth);
    expect(res.status).toBe(200);
    return res.body as UnreadEntry[];
  };
  const defaultChannelsOf = async (user: TestUser): Promise<Set<string | null>> => {
    const me = (await request(api.url).get('/api/me').set(user.auth).expect(200)).body as MeResponse;
    return new Set(me.communities.map((c) => c.defaultChannelId));
  };
  /** The channels under test: each community's default channel (#town-square, which every member joins, unwritten here) is left out. */
  const unreadOf = async (user: TestUser): Promise<UnreadEntry[]> => {
    const defaults = await defaultChannelsOf(user);
    return (await allUnreadOf(user)).filter((e) => !defaults.has(e.channelId));
  };

  const listed = async (user: TestUser, communityId: string, channelId: string): Promise<ChannelListItem | undefined> => {
    const res = await request(api.url).get(`/api/communities/${communityId}/channels`).set(user.auth);
    return (res.body as ChannelListItem[]).find((c) => c.id === channelId);
  };

  describe('POST /api/channels/:id/read', () => {
    it('moves the marker forward only and never past the last message', async () => {
      const { owner, community, channel } = await createCommunityWithChannel(api.url);
      await postMessages(api.url, owner, community.id, channel.id, ['1', '2', '3', '4', '5']);
      const steps: [number, number][] = [
        [3, 3],
        [2, 3],
        [0, 3],
        [4, 4],
        [100, 5],
      ];
      for (const [seq, expected] of steps) {
        const res = await markRead(owner, channel.id, { seq });
        expect([seq, res.status, res.body]).toEqual([seq, 200, { lastReadSeq: expected }]);
      }
      expect(await listed(owner, community.id, channel.id)).toMatchObject({ lastSeq: 5, lastReadSeq: 5 });
    });

    it.each([[{}], [{ seq: -1 }], [{ seq: 1.5 }], [{ seq: '3' }], [{ seq: 3, channelId: 'x' }]])('rejects %j with 400', async (body) => {
      const { owner, channel } = await createCommunityWithChannel(api.url);
      const res = await markRead(owner, channel.id, body);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ code: 'validation_failed', message: expect.any(String), details: expect.any(Array) });
    });

    it('is for channel members only', async () => {
      const { owner, community, channel } = await createCommunityWithChannel(api.url);
      const member = await addMemberTo(api.url, owner, community.id);
      expect((await markRead(member, channel.id, { seq: 1 })).status).toBe(403);
      expect((await markRead(await loginAs(api.url), channel.id, { seq: 1 })).status).toBe(403);
      expect((await markRead(owner, randomUUID(), { seq: 1 })).status).toBe(404);
    });
  });

  describe('unread counts', () => {
    it('counts messages above the marker that are neither deleted nor the reader’s own', async () => {
      const { owner: alice, community, channel } = await createCommunityWithChannel(api.url);
      const bob = await addMemberTo(api.url, alice, community.id, channel.id);
      // seq 1-3 alice, 4-7 bob, 8 alice
      const aliceFirst = await postMessages(api.url, alice, community.id, channel.id, ['a1', 'a2', 'a3']);
      const bobs = await postMessages(api.url, bob, community.id, channel.id, ['b1', 'b2', 'b3', 'b4']);
      await postMessages(api.url, alice, community.id, channel.id, ['a4']);
      // bob deletes b2 (seq 5); alice deletes her own a1 (seq 1): it must not be subtracted twice.
      const deletions = await internalChatBatch(api.url, [
        { userId: bob.user.id, communityId: community.id, chat: { chatType: 'delete', channelId: channel.id, messageId: bobs[1].id } },
        { userId: alice.user.id, communityId: community.id, chat: { chatType: 'delete', channelId: channel.id, messageId: aliceFirst[0].id } },
      ]);
      expect(deletions.every((r) => r.ok)).toBe(true);

      const entry = { communityId: community.id, channelId: channel.id, lastSeq: 8, lastReadSeq: 0, unread: 3, mentions: 0, kind: 'channel' };
      expect(await unreadOf(alice)).toEqual([entry]);
      expect(await unreadOf(bob)).toEqual([entry]);
      expect(await listed(alice, community.id, channel.id)).toMatchObject({ isMember: true, lastSeq: 8, lastReadSeq: 0, unread: 3 });

      // Alice reads up to seq 5: left are bob's b3, b4 (6, 7) and her own a4 (8) → 2.
      await markRead(alice, channel.id, { seq: 5 });
      expect((await unreadOf(alice))[0]).toMatchObject({ lastReadSeq: 5, unread: 2 });
      expect(await listed(alice, community.id, channel.id)).toMatchObject({ lastReadSeq: 5, unread: 2 });
      // Bob reads everything: nothing left.
      await markRead(bob, channel.id, { seq: 8 });
      expect((await unreadOf(bob))[0]).toMatchObject({ lastReadSeq: 8, unread: 0 });
    });

    it('lists every channel the user belongs to, across communities, and only those', async () => {
      const { owner, community, channel } = await createCommunityWithChannel(api.url);
      const second = await createChannel(api.url, owner, community.id);
      await createChannel(api.url, owner, community.id, { private: true });
      const other = await createCommunityWithChannel(api.url);
      const reader = await addMemberTo(api.url, owner, community.id, channel.id);
      const otherMember = await request(api.url)
        .post(`/api/communities/${other.community.id}/members`)
        .set(other.owner.auth)
        .send({ userId: reader.user.id });
      expect(otherMember.status).toBe(201);
      await request(api.url).post(`/api/channels/${other.channel.id}/join`).set(reader.auth).expect(201);
      await postMessages(api.url, owner, community.id, channel.id, ['x', 'y']);
      await postMessages(api.url, other.owner, other.community.id, other.channel.id, ['z']);

      const entries = await unreadOf(reader);
      expect(entries.map((e) => [e.channelId, e.unread]).sort()).toEqual(
        [
          [channel.id, 2],
          [other.channel.id, 1],
        ].sort(),
      );
      // Both communities' default channels are in the full list, nothing unread in them.
      const defaults = [...(await defaultChannelsOf(reader))];
      expect(defaults).toHaveLength(2);
      const all = await allUnreadOf(reader);
      expect(all).toHaveLength(4);
      for (const id of defaults) expect(all.find((e) => e.channelId === id)).toMatchObject({ unread: 0, mentions: 0 });
      // A public channel the reader has not joined shows no unread count.
      expect(await listed(reader, community.id, second.id)).toMatchObject({ isMember: false, lastReadSeq: 0, unread: 0 });
    });
  });
});
