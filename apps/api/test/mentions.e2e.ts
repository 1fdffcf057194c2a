import request from 'supertest';
import type { ChannelListItem, HistoryPage, Message, UnreadEntry } from '@app/shared';
import {
  addMemberTo,
  createChannel,
  createCommunity,
  internalChatBatch,
  loginAs,
  postMessages,
  type TestUser,
  uniqueName,
  useTestApi,
} from './support';

/** The server finds mentions; unread counts carry how many unread messages mention the reader. */
describe('mentions', () => {
  const api = useTestApi();

  async function room() {
    const alice = await loginAs(api.url);
    const community = await createCommunity(api.url, alice);
    const channel = await createChannel(api.url, alice, community.id);
    const bob = await addMemberTo(api.url, alice, community.id, channel.id);
    const carol = await addMemberTo(api.url, alice, community.id, channel.id);
    return { alice, bob, carol, community, channel };
  }

  const edit = async (author: TestUser, communityId: string, channelId: string, messageId: string, content: string): Promise<Message> => {
    const [result] = await internalChatBatch(api.url, [
      { userId: author.user.id, communityId, chat: { chatType: 'modify', channelId, messageId, content } },
    ]);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.message;
  };
  const mentionsOf = async (user: TestUser, communityId: string, channelId: string) => {
    const channels = (await request(api.url).get(`/api/communities/${communityId}/channels`).set(user.auth).expect(200))
      .body as ChannelListItem[];
    const unread = (await request(api.url).get('/api/me/unread').set(user.auth).expect(200)).body as UnreadEntry[];
    const listed = channels.find((c) => c.id === channelId)!.mentions;
    expect(unread.find((u) => u.channelId === channelId)!.mentions).toBe(listed);
    return listed;
  };

  it('records members named with @, ignores unknown names and outsiders, and flags @channel / @here', async () => {
    const { alice, bob, carol, community, channel } = await room();
    const outsider = await loginAs(api.url);
    const [named, wide, none] = await postMessages(api.url, alice, community.id, channel.id, [
      `hi @${bob.user.username} and @${carol.user.username}, not @${outsider.user.username} nor @nobody_${uniqueName()}`,
      'ping @here',
      `mail ${bob.user.username}@example.org and \`@${bob.user.username}\``,
    ]);
    expect(named.mentions).toEqual([bob.user.id, carol.user.id]);
    expect(named.mentionsChannel).toBeUndefined();
    expect(wide).toMatchObject({ mentionsChannel: true });
    expect(wide.mentions).toBeUndefined();
    expect(none.mentions).toBeUndefined();
    expect(none.mentionsChannel).toBeUndefined();

    const history = (await request(api.url).get(`/api/channels/${channel.id}/messages`).set(bob.auth).expect(200)).body as HistoryPage;
    expect(history.messages.map((m) => [m.mentions, m.mentionsChannel])).toEqual([
      [[bob.user.id, carol.user.id], undefined],
      [undefined, true],
      [undefined, undefined],
    ]);
  });

  it('counts unread mentions: mine and channel-wide, above my marker, not deleted, not my own; edits move them', async () => {
    const { alice, bob, community, channel } = await room();
    const at = `@${bob.user.username}`;
    const [first, , , own] = await postMessages(api.url, alice, community.id, channel.id, [`${at} one`, 'plain', '@channel all', 'x']);
    await postMessages(api.url, bob, community.id, channel.id, [`${at} talking to myself @here`]);
    expect(await mentionsOf(bob, community.id, channel.id)).toBe(2);
    expect(await mentionsOf(alice, community.id, channel.id)).toBe(1);

    // An edit that adds a mention counts; one that removes it does not.
    const added = await edit(alice, community.id, channel.id, own.id, `now ${at}`);
    expect(added.mentions).toEqual([bob.user.id]);
    expect(await mentionsOf(bob, community.id, channel.id)).toBe(3);
    const removed = await edit(alice, community.id, channel.id, first.id, 'nobody');
    expect(removed.mentions).toBeUndefined();
    expect(await mentionsOf(bob, community.id, channel.id)).toBe(2);

    const [deleted] = await internalChatBatch(api.url, [
      { userId: alice.user.id, communityId: community.id, chat: { chatType: 'delete', channelId: channel.id, messageId: own.id } },
    ]);
    expect(deleted.ok && deleted.message.mentions).toBeFalsy();
    expect(await mentionsOf(bob, community.id, channel.id)).toBe(1);

    await request(api.url).post(`/api/channels/${channel.id}/read`).set(bob.auth).send({ seq: 3 }).expect(200);
    expect(await mentionsOf(bob, community.id, channel.id)).toBe(0);
  });

  it('answers a retried message with its stored mentions', async () => {
    const { alice, bob, community, channel } = await room();
    const command = {
      userId: alice.user.id,
      communityId: community.id,
      chat: { chatType: 'new' as const, channelId: channel.id, content: `@${bob.user.username} once`, clientMsgId: uniqueName('m') },
    };
    const [first] = await internalChatBatch(api.url, [command]);
    const [again] = await internalChatBatch(api.url, [command]);
    expect(first.ok && again.ok).toBe(true);
    if (first.ok && again.ok) {
      expect(again.message).toEqual(first.message);
      expect(again.message.mentions).toEqual([bob.user.id]);
    }
    expect(await mentionsOf(bob, community.id, channel.id)).toBe(1);
  });
});
