import { INTERNAL_ROUTES, LIMITS, type Message, type ReactAck, type ReactPayload } from '@app/shared';
import request from 'supertest';
import emojiList from 'emojibase-data/meta/unicode.json';
import {
  TEST_INTERNAL_TOKEN,
  type TestUser,
  addMemberTo,
  bearer,
  createCommunityWithChannel,
  internalChatBatch,
  postMessages,
  querySql,
  useTestApi,
} from './support';

describe('reactions (POST /internal/reaction, and history)', () => {
  const api = useTestApi();

  async function react(user: TestUser, communityId: string, reaction: ReactPayload): Promise<ReactAck> {
    const res = await request(api.internalUrl)
      .post(INTERNAL_ROUTES.reaction)
      .set(bearer(TEST_INTERNAL_TOKEN))
      .send({ userId: user.user.id, communityId, reaction });
    expect(res.status).toBe(200);
    return res.body as ReactAck;
  }

  const history = async (user: TestUser, channelId: string) =>
    ((await request(api.url).get(`/api/channels/${channelId}/messages`).set(bearer(user.token)).expect(200)).body as { messages: Message[] })
      .messages;

  async function world() {
    const { owner, community, channel } = await createCommunityWithChannel(api.url);
    const bob = await addMemberTo(api.url, owner, community.id, channel.id);
    const [message] = await postMessages(api.url, owner, community.id, channel.id, ['react to me']);
    const on = (emoji: string, action: 'add' | 'remove' = 'add'): ReactPayload => ({
      channelId: channel.id,
      messageId: message.id,
      emoji,
      action,
    });
    return { owner, bob, community, channel, message, on };
  }

  it('adds and removes idempotently, and history shows counts per emoji with whether I reacted', async () => {
    const { owner, bob, community, channel, message, on } = await world();
    expect(await react(owner, community.id, on('👍'))).toEqual({
      ok: true,
      changed: true,
      reaction: { channelId: channel.id, messageId: message.id, emoji: '👍', user: owner.user, action: 'add', count: 1 },
    });
    expect(await react(owner, community.id, on('👍'))).toMatchObject({ ok: true, changed: false, reaction: { count: 1 } });
    expect(await react(bob, community.id, on('👍'))).toMatchObject({ ok: true, changed: true, reaction: { count: 2, user: bob.user } });
    await react(bob, community.id, on('🎉'));
    const [seenByOwner] = await history(owner, channel.id);
    expect(seenByOwner.reactions).toEqual([
      { emoji: '👍', count: 2, me: true },
      { emoji: '🎉', count: 1, me: false },
    ]);
    expect((await history(bob, channel.id))[0].reactions).toEqual([
      { emoji: '👍', count: 2, me: true },
      { emoji: '🎉', count: 1, me: true },
    ]);

    expect(await react(owner, community.id, on('👍', 'remove'))).toMatchObject({
      ok: true,
      changed: true,
      reaction: { count: 1, action: 'remove' },
    });
    expect(await react(owner, community.id, on('👍', 'remove'))).toMatchObject({ ok: true, changed: false, reaction: { count: 1 } });
    expect(await react(owner, community.id, on('😀', 'remove'))).toMatchObject({ ok: true, changed: false, reaction: { count: 0 } });
    await react(bob, community.id, on('👍', 'remove'));
    await react(bob, community.id, on('🎉', 'remove'));
    // No reactions left: the field is absent, as on any message without reactions.
    expect((await history(owner, channel.id))[0].reactions).toBeUndefined();
  });

  it('refuses non-members, other communities, unknown and deleted messages, and stores nothing', async () => {
    const { owner, community, channel, message, on } = await world();
    const outsider = await addMemberTo(api.url, owner, community.id);
    expect(await react(outsider, community.id, on('👍'))).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    const elsewhere = await createCommunityWithChannel(api.url);
    expect(await react(owner, elsewhere.community.id, on('👍'))).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await react(owner, community.id, { ...on('👍'), messageId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    await internalChatBatch(api.url, [
      { userId: owner.user.id, communityId: community.id, chat: { chatType: 'delete', channelId: channel.id, messageId: message.id } },
    ]);
    expect(await react(owner, community.id, on('👍'))).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'the message was deleted' },
    });
    expect(await querySql('SELECT 1 FROM message_reactions WHERE message_id = $1', [message.id])).toEqual([]);
  });

  it('takes only real emoji, and at most the limit of different ones per message', async () => {
    const { owner, community, on } = await world();
    for (const emoji of ['x', ':smile:', '👍👍', '<script>', '']) {
      const res = await request(api.internalUrl)
        .post(INTERNAL_ROUTES.reaction)
        .set(bearer(TEST_INTERNAL_TOKEN))
        .send({ userId: owner.user.id, communityId: community.id, reaction: on(emoji) });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'validation_failed' } });
    }
    const emoji = (emojiList as string[]).filter((e) => /\p{Extended_Pictographic}/u.test(e)).slice(0, LIMITS.reactionEmojiPerMessageMax + 1);
    for (const e of emoji.slice(0, -1)) expect(await react(owner, community.id, on(e))).toMatchObject({ ok: true, changed: true });
    expect(await react(owner, community.id, on(emoji.at(-1)!))).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    // One already on the message is still fine for another member.
    const bob = await addMemberTo(api.url, owner, community.id, on('x').channelId);
    expect(await react(bob, community.id, on(emoji[0]))).toMatchObject({ ok: true, changed: true, reaction: { count: 2 } });
  });
});
