import { type InternalChatCommand, type InternalChatResult, type Message, type ThreadPage, type ThreadUpdate } from '@app/shared';
import request from 'supertest';
import {
  type TestUser,
  addMemberTo,
  bearer,
  createChannel,
  createCommunityWithChannel,
  internalChatBatch,
  postMessages,
  uniqueName,
  useTestApi,
} from './support';

type Written = { ok: true; message: Message; thread?: ThreadUpdate };

function written(result: InternalChatResult): Written {
  if (!result.ok) throw new Error(`not written: ${JSON.stringify(result.error)}`);
  return result;
}

describe('threads', () => {
  const api = useTestApi();

  const reply = (user: TestUser, communityId: string, channelId: string, threadRootId: string, content: string, clientMsgId = uniqueName('r')) =>
    ({
      userId: user.user.id,
      communityId,
      chat: { chatType: 'new', channelId, content, clientMsgId, threadRootId },
    }) satisfies InternalChatCommand;

  const threadPage = async (user: TestUser, channelId: string, rootId: string, query = '') => {
    const res = await request(api.url).get(`/api/channels/${channelId}/threads/${rootId}/messages${query}`).set(bearer(user.token));
    return res;
  };

  it('stores a reply as the channel next message, names its root, and moves the root summary', async () => {
    const { owner, community, channel } = await createCommunityWithChannel(api.url);
    const bob = await addMemberTo(api.url, owner, community.id, channel.id);
    const [root] = await postMessages(api.url, owner, community.id, channel.id, ['root']);
    const first = written((await internalChatBatch(api.url, [reply(bob, community.id, channel.id, root.id, 'first reply')]))[0]);
    expect(first.message).toMatchObject({ seq: 2, threadRootId: root.id, content: 'first reply', author: bob.user });
    expect(first.thread).toEqual({
      channelId: channel.id,
      rootId: root.id,
      thread: { replyCount: 1, lastReplyAt: expect.any(String), participants: [bob.user] },
    });
    const second = written((await internalChatBatch(api.url, [reply(owner, community.id, channel.id, root.id, 'second')]))[0]);
    expect(second.thread!.thread.replyCount).toBe(2);
    // Newest replier first, each once.
    expect(second.thread!.thread.participants).toEqual([owner.user, bob.user]);

    const res = await threadPage(owner, channel.id, root.id);
    expect(res.status).toBe(200);
    const page = res.body as ThreadPage;
    expect(page.root).toMatchObject({ id: root.id, thread: { replyCount: 2, participants: [owner.user, bob.user] } });
    expect(page.root.threadRootId).toBeUndefined();
    expect(page.messages.map((m) => m.content)).toEqual(['first reply', 'second']);
    expect(page.hasMore).toBe(false);
  });

  it('keeps the channel history and seqs of a thread-unaware client: replies are messages of the channel', async () => {
    const { owner, community, channel } = await createCommunityWithChannel(api.url);
    const bob = await addMemberTo(api.url, owner, community.id, channel.id);
    const [root] = await postMessages(api.url, owner, community.id, channel.id, ['root']);
    await internalChatBatch(api.url, [reply(bob, community.id, channel.id, root.id, 'a reply')]);
    await postMessages(api.url, bob, community.id, channel.id, ['after']);
    const history = await request(api.url).get(`/api/channels/${channel.id}/messages`).set(bearer(owner.token)).expect(200);
    const messages = (history.body as { messages: Message[] }).messages;
    expect(messages.map((m) => [m.seq, m.content])).toEqual([
      [1, 'root'],
      [2, 'a reply'],
      [3, 'after'],
    ]);
    expect(messages[0].thread?.replyCount).toBe(1);
    // Plain messages keep exactly the original shape: no new keys.
    expect(Object.keys(messages[2]).sort()).toEqual(
      ['author', 'channelId', 'clientMsgId', 'communityId', 'content', 'createdAt', 'deletedAt', 'editedAt', 'id', 'seq'].sort(),
    );
    const unread = await request(api.url).get(`/api/communities/${community.id}/channels`).set(bearer(owner.token)).expect(200);
    const entry = (unread.body as { id: string; unread: number }[]).find((c) => c.id === channel.id);
    expect(entry?.unread).toBe(2);
  });

  it('keeps seqs contiguous and the reply count exact under 50 concurrent repliers', async () => {
    const { owner, community, channel } = await createCommunityWithChannel(api.url);
    const [root] = await postMessages(api.url, owner, community.id, channel.id, ['busy root']);
    const repliers = await Promise.all(Array.from({ length: 50 }, () => addMemberTo(api.url, owner, community.id, channel.id)));
    const results = await Promise.all(
      repliers.map((u, i) => internalChatBatch(api.url, [reply(u, community.id, channel.id, root.id, `reply ${i}`)])),
    );
    const seqs = results.map(([r]) => written(r).message.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    const page = (await threadPage(owner, channel.id, root.id, '?limit=100')).body as ThreadPage;
    expect(page.messages).toHaveLength(50);
    expect(page.root.thread?.replyCount).toBe(50);
    expect(page.root.thread?.participants).toHaveLength(3);
  });

  it('answers a repeated reply with the stored one and counts it once', async () => {
    const { owner, community, channel } = await createCommunityWithChannel(api.url);
    const [root] = await postMessages(api.url, owner, community.id, channel.id, ['root']);
    const command = reply(owner, community.id, channel.id, root.id, 'once', 'same-id');
    const first = written((await internalChatBatch(api.url, [command]))[0]);
    const again = written((await internalChatBatch(api.url, [command, reply(owner, community.id, channel.id, root.id, 'other')]))[0]);
    expect(again.message).toEqual(first.message);
    expect(again.thread?.thread.replyCount).toBe(2);
    const page = (await threadPage(owner, channel.id, root.id)).body as ThreadPage;
    expect(page.root.thread?.replyCount).toBe(2);
    expect(page.messages.map((m) => m.content)).toEqual(['once', 'other']);
  });

  it('refuses a root of another channel, an unknown root and a reply as root, without failing the rest of the batch', async () => {
    const { owner, community, channel } = await createCommunityWithChannel(api.url);
    const other = await createChannel(api.url, owner, community.id);
    const [elsewhere] = await postMessages(api.url, owner, community.id, other.id, ['elsewhere']);
    const [root] = await postMessages(api.url, owner, community.id, channel.id, ['root']);
    const inThread = written((await internalChatBatch(api.url, [reply(owner, community.id, channel.id, root.id, 'r1')]))[0]);
    const results = await internalChatBatch(api.url, [
      reply(owner, community.id, channel.id, elsewhere.id, 'wrong channel'),
      reply(owner, community.id, channel.id, '00000000-0000-4000-8000-000000000000', 'unknown'),
      reply(owner, community.id, channel.id, inThread.message.id, 'nested'),
      reply(owner, community.id, channel.id, root.id, 'fine'),
    ]);
    expect(results[0]).toEqual({ ok: false, error: { code: 'not_found', message: expect.any(String) } });
    expect(results[1]).toEqual({ ok: false, error: { code: 'not_found', message: expect.any(String) } });
    expect(results[2]).toEqual({ ok: false, error: { code: 'validation_failed', message: expect.stringContaining('threadRootId') } });
    expect(written(results[3]).message.seq).toBe(3);
  });

  it('counts a deleted reply out, and keeps the thread of a deleted root readable', async () => {
    const { owner, community, channel } = await createCommunityWithChannel(api.url);
    const [root] = await postMessages(api.url, owner, community.id, channel.id, ['root']);
    const r1 = written((await internalChatBatch(api.url, [reply(owner, community.id, channel.id, root.id, 'r1')]))[0]);
    written((await internalChatBatch(api.url, [reply(owner, community.id, channel.id, root.id, 'r2')]))[0]);
    const del = (messageId: string) => ({
      userId: owner.user.id,
      communityId: community.id,
      chat: { chatType: 'delete', channelId: channel.id, messageId },
    });
    const deleted = written((await internalChatBatch(api.url, [del(r1.message.id)]))[0]);
    expect(deleted.thread).toMatchObject({ rootId: root.id, thread: { replyCount: 1 } });
    // Deleting it again changes nothing more.
    await internalChatBatch(api.url, [del(r1.message.id)]);
    written((await internalChatBatch(api.url, [del(root.id)]))[0]);
    const page = (await threadPage(owner, channel.id, root.id)).body as ThreadPage;
    expect(page.root).toMatchObject({ content: '', deletedAt: expect.any(String), thread: { replyCount: 1 } });
    expect(page.messages.map((m) => [m.content, m.deletedAt !== null])).toEqual([
      ['', true],
      ['r2', false],
    ]);
  });

  it('pages a thread like history and lets only channel members read it', async () => {
    const { owner, community, channel } = await createCommunityWithChannel(api.url, { private: true });
    const [root] = await postMessages(api.url, owner, community.id, channel.id, ['root']);
    const replies = await internalChatBatch(
      api.url,
      Array.from({ length: 5 }, (_, i) => reply(owner, community.id, channel.id, root.id, `r${i}`)),
    );
    const seqs = replies.map((r) => written(r).message.seq);
    const newest = (await threadPage(owner, channel.id, root.id, '?limit=2')).body as ThreadPage;
    expect(newest.messages.map((m) => m.seq)).toEqual(seqs.slice(3));
    expect(newest.hasMore).toBe(true);
    const older = (await threadPage(owner, channel.id, root.id, `?limit=2&before=${seqs[3]}`)).body as ThreadPage;
    expect(older.messages.map((m) => m.seq)).toEqual(seqs.slice(1, 3));
    const after = (await threadPage(owner, channel.id, root.id, `?after=${seqs[2]}`)).body as ThreadPage;
    expect(after.messages.map((m) => m.seq)).toEqual(seqs.slice(3));

    const outsider = await addMemberTo(api.url, owner, community.id);
    expect((await threadPage(outsider, channel.id, root.id)).status).toBe(403);
    expect((await threadPage(owner, channel.id, written(replies[0]).message.id)).status).toBe(404);
    expect((await threadPage(owner, channel.id, 'not-a-uuid')).status).toBe(404);
    expect((await threadPage(owner, channel.id, root.id, '?limit=0')).status).toBe(400);
  });
});
