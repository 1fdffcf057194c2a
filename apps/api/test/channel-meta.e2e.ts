import request from 'supertest';
import type { ChannelListItem } from '@app/shared';
import { addMemberTo, bearer, createCommunityWithChannel, joinChannel, postMessages, querySql, type TestUser, useTestApi } from './support';

/** The channel around the messages: its topic, who is in it, and leaving it. */
describe('channel topic, members and leave', () => {
  const api = useTestApi();

  const patch = (user: TestUser, channelId: string, body: unknown) =>
    request(api.url)
      .patch(`/api/channels/${channelId}`)
      .set(bearer(user.token))
      .send(body as object);
  const list = async (user: TestUser, communityId: string) =>
    (await request(api.url).get(`/api/communities/${communityId}/channels`).set(bearer(user.token)).expect(200)).body as ChannelListItem[];

  it('lets a member set and clear the topic, shown in the channel list only when set', async () => {
    const { owner, community, channel } = await createCommunityWithChannel(api.url);
    const res = await patch(owner, channel.id, { topic: '  Release planning  ' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: channel.id, communityId: community.id, name: channel.name, private: false, topic: 'Release planning' });
    expect((await list(owner, community.id)).find((c) => c.id === channel.id)?.topic).toBe('Release planning');
    expect((await patch(owner, channel.id, { topic: '' })).body.topic).toBe('');
    // Without a topic the list keeps the contract's original shape.
    expect(Object.keys((await list(owner, community.id)).find((c) => c.id === channel.id)!).sort()).toEqual(
      ['id', 'isMember', 'lastReadSeq', 'lastSeq', 'mentions', 'name', 'private', 'unread'].sort(),
    );
  });

  it('refuses bad topics and non-members', async () => {
    const { owner, community, channel } = await createCommunityWithChannel(api.url);
    for (const body of [{}, { topic: 'x'.repeat(251) }, { topic: 'two\nlines' }, { topic: 'a\ud800' }, { topic: 'x', name: 'y' }]) {
      const res = await patch(owner, channel.id, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const outsider = await addMemberTo(api.url, owner, community.id);
    expect((await patch(outsider, channel.id, { topic: 'mine now' })).status).toBe(403);
    expect((await patch(owner, '00000000-0000-4000-8000-000000000000', { topic: 'x' })).status).toBe(404);
    const [{ topic }] = await querySql<{ topic: string }>('SELECT topic FROM channels WHERE id = $1', [channel.id]);
    expect(topic).toBe('');
  });

  it('lists members by username for members, and for the community when the channel is public', async () => {
    const { owner, community, channel } = await createCommunityWithChannel(api.url);
    const member = await addMemberTo(api.url, owner, community.id, channel.id);
    const outsider = await addMemberTo(api.url, owner, community.id);
    const expected = [owner.user, member.user].sort((a, b) => a.username.localeCompare(b.username));
    const res = await request(api.url).get(`/api/channels/${channel.id}/members`).set(bearer(outsider.token)).expect(200);
    expect(res.body).toEqual({ members: expected });

    const secret = await createCommunityWithChannel(api.url, { private: true });
    const inCommunity = await addMemberTo(api.url, secret.owner, secret.community.id);
    expect((await request(api.url).get(`/api/channels/${secret.channel.id}/members`).set(bearer(inCommunity.token))).status).toBe(403);
    const stranger = await addMemberTo(api.url, owner, community.id);
    expect((await request(api.url).get(`/api/channels/${secret.channel.id}/members`).set(bearer(stranger.token))).status).toBe(403);
  });

  it('leaves a channel: membership gone, private history closed, public rejoin with the right unread', async () => {
    const { owner, community, channel } = await createCommunityWithChannel(api.url);
    const member = await addMemberTo(api.url, owner, community.id, channel.id);
    await postMessages(api.url, owner, community.id, channel.id, ['one', 'two']);
    const leave = () => request(api.url).post(`/api/channels/${channel.id}/leave`).set(bearer(member.token));
    expect((await leave()).body).toEqual({ left: true });
    expect((await leave()).body).toEqual({ left: false });
    expect(await querySql('SELECT 1 FROM channel_members WHERE channel_id = $1 AND user_id = $2', [channel.id, member.user.id])).toEqual([]);
    expect((await request(api.url).get(`/api/channels/${channel.id}/messages`).set(bearer(member.token))).status).toBe(403);

    await postMessages(api.url, owner, community.id, channel.id, ['three']);
    await joinChannel(api.url, member, channel.id);
    // Back in: a fresh marker, so all three of the owner's messages are unread.
    expect((await list(member, community.id)).find((c) => c.id === channel.id)).toMatchObject({ isMember: true, unread: 3, lastReadSeq: 0 });

    const secret = await createCommunityWithChannel(api.url, { private: true });
    const guest = await addMemberTo(api.url, secret.owner, secret.community.id, secret.channel.id);
    expect((await request(api.url).post(`/api/channels/${secret.channel.id}/leave`).set(bearer(guest.token))).body).toEqual({ left: true });
    expect((await request(api.url).post(`/api/channels/${secret.channel.id}/join`).set(bearer(guest.token))).status).toBe(403);
  });
});
