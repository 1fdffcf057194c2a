import http from 'node:http';
import request from 'supertest';
import { expectEventually } from '../../../test/support/expect-eventually';
import { INTERNAL_USER_EVENTS_ROUTE, type ChannelListItem, type InternalUserEvent, type MeResponse } from '@app/shared';
import {
  addMemberTo,
  createChannel,
  createCommunity,
  loginAs,
  postMessages,
  querySql,
  TEST_INTERNAL_TOKEN,
  TEST_SOCKET_ENDPOINT_URL,
  useTestApi,
} from './support';

/** What the socket nodes read from `/internal/user-events`, collected. */
function streamUserEvents(internalUrl: string): Promise<{ events: InternalUserEvent[]; close: () => void }> {
  return new Promise((resolve, reject) => {
    const events: InternalUserEvent[] = [];
    const req = http.get(
      new URL(INTERNAL_USER_EVENTS_ROUTE, internalUrl),
      { headers: { authorization: `Bearer ${TEST_INTERNAL_TOKEN}` } },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
        let pending = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const lines = (pending + chunk).split('\n');
          pending = lines.pop()!;
          for (const line of lines) if (line) events.push(JSON.parse(line) as InternalUserEvent);
        });
        res.on('error', () => undefined);
        resolve({ events, close: () => req.destroy() });
      },
    );
    req.on('error', () => undefined);
  });
}

describe('community membership: default channel, removal, and the user-event stream', () => {
  const api = useTestApi();

  it('starts each community with #town-square, which new members join', async () => {
    const owner = await loginAs(api.url);
    const community = await createCommunity(api.url, owner);
    const me = (await request(api.url).get('/api/me').set(owner.auth).expect(200)).body as MeResponse;
    const defaultChannelId = me.communities.find((c) => c.id === community.id)!.defaultChannelId;
    expect(defaultChannelId).toEqual(expect.any(String));

    const member = await addMemberTo(api.url, owner, community.id);
    const channels = (await request(api.url).get(`/api/communities/${community.id}/channels`).set(member.auth).expect(200))
      .body as ChannelListItem[];
    expect(channels.map((c) => [c.id, c.name, c.isMember])).toEqual([[defaultChannelId, 'town-square', true]]);
    // A second add changes nothing.
    await request(api.url).post(`/api/communities/${community.id}/members`).set(owner.auth).send({ userId: member.user.id }).expect(201);
    const rows = await querySql('SELECT 1 FROM channel_members WHERE channel_id = $1', [defaultChannelId]);
    expect(rows).toHaveLength(2);
  });

  it('removes a member from the community and its channels; the owner stays; only managers remove others', async () => {
    const owner = await loginAs(api.url);
    const community = await createCommunity(api.url, owner);
    const channel = await createChannel(api.url, owner, community.id, { private: true });
    const member = await addMemberTo(api.url, owner, community.id, channel.id);
    const other = await addMemberTo(api.url, owner, community.id);
    const remove = (actor: typeof owner, userId: string) =>
      request(api.url).delete(`/api/communities/${community.id}/members/${userId}`).set(actor.auth);

    expect((await remove(other, member.user.id)).status).toBe(403);
    expect((await remove(owner, owner.user.id)).status).toBe(403);
    expect((await remove(owner, member.user.id)).body).toEqual({ removed: true });
    expect((await remove(owner, member.user.id)).body).toEqual({ removed: false });
    expect(await querySql('SELECT 1 FROM channel_members WHERE user_id = $1', [member.user.id])).toEqual([]);
    expect((await request(api.url).get(`/api/channels/${channel.id}/messages`).set(member.auth)).status).toBe(403);
    // Anyone may leave.
    expect((await remove(other, other.user.id)).body).toEqual({ removed: true });
  });

  it('streams membership, direct-conversation and read-marker events to the socket nodes', async () => {
    const stream = await streamUserEvents(api.internalUrl);
    try {
      const owner = await loginAs(api.url);
      const community = await createCommunity(api.url, owner);
      const bob = await loginAs(api.url);
      await request(api.url).post(`/api/communities/${community.id}/members`).set(owner.auth).send({ userId: bob.user.id }).expect(201);
      await expectEventually(() =>
        expect(stream.events).toContainEqual({
          userIds: [bob.user.id],
          event: 'community-membership',
          payload: { communityId: community.id, member: true },
        }),
      );

      const dm = await request(api.url)
        .post(`/api/communities/${community.id}/dms`)
        .set(owner.auth)
        .send({ userIds: [bob.user.id] })
        .expect(201);
      const channelId = dm.body.conversation.id as string;
      await expectEventually(() =>
        expect(stream.events).toContainEqual({
          userIds: [owner.user.id, bob.user.id].sort(),
          event: 'channel-membership',
          payload: { communityId: community.id, channelId, kind: 'dm', member: true },
        }),
      );

      await postMessages(api.url, owner, community.id, channelId, ['a', 'b']);
      await request(api.url).post(`/api/channels/${channelId}/read`).set(bob.auth).send({ seq: 2 }).expect(200);
      await expectEventually(() =>
        expect(stream.events).toContainEqual({
          userIds: [bob.user.id],
          event: 'read-marker',
          payload: { communityId: community.id, channelId, lastReadSeq: 2 },
        }),
      );

      await request(api.url).delete(`/api/communities/${community.id}/members/${bob.user.id}`).set(owner.auth).expect(200);
      await expectEventually(() =>
        expect(stream.events).toContainEqual({
          userIds: [bob.user.id],
          event: 'community-membership',
          payload: { communityId: community.id, member: false },
        }),
      );
    } finally {
      stream.close();
    }
  });

  it("names the socket node of the caller's own namespace", async () => {
    const user = await loginAs(api.url);
    const res = await request(api.url).get('/api/me/endpoint').set(user.auth).expect(200);
    expect(res.body).toEqual({ url: TEST_SOCKET_ENDPOINT_URL, namespace: '/socket/me' });
    expect((await request(api.url).get('/api/me/endpoint')).status).toBe(401);
  });

  it('refuses the stream without the internal token', async () => {
    const res = await request(api.internalUrl).get(INTERNAL_USER_EVENTS_ROUTE);
    expect(res.status).toBe(401);
  });
});
