import request from 'supertest';
import type { ChannelListItem, DirectConversation, HistoryPage, OpenDirectConversationResponse, UnreadEntry } from '@app/shared';
import {
  addMemberTo,
  createCommunity,
  internalChatBatch,
  loginAs,
  postMessages,
  querySql,
  type TestUser,
  uniqueName,
  useTestApi,
} from './support';

/** Direct conversations: channels of kind `dm`, for their people only, one per set of people. */
describe('direct conversations', () => {
  const api = useTestApi();

  const open = (user: TestUser, communityId: string, userIds: unknown) =>
    request(api.url).post(`/api/communities/${communityId}/dms`).set(user.auth).send({ userIds });
  const list = async (user: TestUser, communityId: string) =>
    (
      (await request(api.url).get(`/api/communities/${communityId}/dms`).set(user.auth).expect(200)).body as {
        conversations: DirectConversation[];
      }
    ).conversations;

  async function threePeople() {
    const alice = await loginAs(api.url);
    const community = await createCommunity(api.url, alice);
    const bob = await addMemberTo(api.url, alice, community.id);
    const carol = await addMemberTo(api.url, alice, community.id);
    return { alice, bob, carol, community };
  }

  it('opens one conversation per set of people, whoever opens it and in whatever order', async () => {
    const { alice, bob, carol, community } = await threePeople();
    const first = await open(alice, community.id, [bob.user.id]);
    expect(first.status).toBe(201);
    const body = first.body as OpenDirectConversationResponse;
    expect(body.created).toBe(true);
    expect(body.conversation).toMatchObject({ communityId: community.id, lastSeq: 0, unread: 0, mentions: 0, lastMessageAt: null });
    expect(body.conversation.members.map((m) => m.id).sort()).toEqual([alice.user.id, bob.user.id].sort());

    const again = (await open(bob, community.id, [alice.user.id.toUpperCase(), bob.user.id])).body as OpenDirectConversationResponse;
    expect(again).toMatchObject({ created: false, conversation: { id: body.conversation.id } });
    // Racing openers of a new set still get one conversation.
    const raced = await Promise.all(
      [0, 1, 2, 3].map((i) => open(i % 2 ? bob : carol, community.id, [alice.user.id, bob.user.id, carol.user.id])),
    );
    expect(new Set(raced.map((r) => (r.body as OpenDirectConversationResponse).conversation.id)).size).toBe(1);
    expect(raced.filter((r) => (r.body as OpenDirectConversationResponse).created)).toHaveLength(1);
    const [{ count }] = await querySql<{ count: string }>(`SELECT count(*) FROM channels WHERE community_id = $1 AND kind = 'dm'`, [
      community.id,
    ]);
    expect(Number(count)).toBe(2);
  });

  it('keeps it to its people: not listed, not joinable, no invitations, no history for others', async () => {
    const { alice, bob, carol, community } = await threePeople();
    const { conversation } = (await open(alice, community.id, [bob.user.id])).body as OpenDirectConversationResponse;
    await postMessages(api.url, alice, community.id, conversation.id, ['psst']);

    const channels = (await request(api.url).get(`/api/communities/${community.id}/channels`).set(carol.auth).expect(200))
      .body as ChannelListItem[];
    expect(channels.map((c) => c.id)).not.toContain(conversation.id);
    const ownList = (await request(api.url).get(`/api/communities/${community.id}/channels`).set(alice.auth).expect(200))
      .body as ChannelListItem[];
    expect(ownList.map((c) => c.id)).not.toContain(conversation.id);
    expect(await list(carol, community.id)).toEqual([]);

    expect((await request(api.url).post(`/api/channels/${conversation.id}/join`).set(carol.auth)).status).toBe(403);
    expect(
      (await request(api.url).post(`/api/channels/${conversation.id}/members`).set(alice.auth).send({ userId: carol.user.id })).status,
    ).toBe(403);
    expect((await request(api.url).post(`/api/channels/${conversation.id}/leave`).set(bob.auth)).status).toBe(403);
    expect((await request(api.url).get(`/api/channels/${conversation.id}/messages`).set(carol.auth)).status).toBe(403);
    const [written] = await internalChatBatch(api.url, [
      {
        userId: carol.user.id,
        communityId: community.id,
        chat: { chatType: 'new', channelId: conversation.id, content: 'me too', clientMsgId: uniqueName('m') },
      },
    ]);
    expect(written).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const history = (await request(api.url).get(`/api/channels/${conversation.id}/messages`).set(bob.auth).expect(200)).body as HistoryPage;
    expect(history.messages.map((m) => [m.seq, m.content])).toEqual([[1, 'psst']]);
  });

  it('refuses outsiders, too many people and bad bodies', async () => {
    const { alice, community } = await threePeople();
    const stranger = await loginAs(api.url);
    expect((await open(alice, community.id, [stranger.user.id])).status).toBe(403);
    expect((await open(stranger, community.id, [alice.user.id])).status).toBe(403);
    const eight = await Promise.all(Array.from({ length: 8 }, () => addMemberTo(api.url, alice, community.id)));
    const tooMany = await open(
      alice,
      community.id,
      eight.map((u) => u.user.id),
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.code).toBe('validation_failed');
    expect(
      (
        await open(
          alice,
          community.id,
          eight.slice(0, 7).map((u) => u.user.id),
        )
      ).status,
    ).toBe(201);
    for (const bad of [[], ['bob'], 'x', null]) expect((await open(alice, community.id, bad)).status).toBe(400);
    expect((await open(alice, '00000000-0000-4000-8000-000000000000', [alice.user.id])).status).toBe(404);
  });

  it('counts unread and mentions like a channel, every unread message a mention, latest activity first', async () => {
    const { alice, bob, carol, community } = await threePeople();
    const quiet = ((await open(alice, community.id, [carol.user.id])).body as OpenDirectConversationResponse).conversation;
    const busy = ((await open(alice, community.id, [bob.user.id])).body as OpenDirectConversationResponse).conversation;
    await postMessages(api.url, bob, community.id, busy.id, ['one', 'two', 'three']);
    await postMessages(api.url, alice, community.id, busy.id, ['mine']);

    const listed = await list(alice, community.id);
    expect(listed.map((c) => c.id)).toEqual([busy.id, quiet.id]);
    expect(listed[0]).toMatchObject({ lastSeq: 4, lastReadSeq: 0, unread: 3, mentions: 3 });
    expect(listed[0].lastMessageAt).not.toBeNull();

    const unread = (await request(api.url).get('/api/me/unread').set(alice.auth).expect(200)).body as UnreadEntry[];
    expect(unread.find((u) => u.channelId === busy.id)).toMatchObject({ kind: 'dm', unread: 3, mentions: 3 });
    expect(unread.find((u) => u.channelId !== busy.id && u.channelId !== quiet.id)).toMatchObject({ kind: 'channel' });

    await request(api.url).post(`/api/channels/${busy.id}/read`).set(alice.auth).send({ seq: 2 }).expect(200);
    expect((await list(alice, community.id))[0]).toMatchObject({ unread: 1, mentions: 1 });
  });
});
