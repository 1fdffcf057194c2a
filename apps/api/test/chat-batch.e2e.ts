import { randomUUID } from 'node:crypto';
import { INTERNAL_ROUTES, type InternalChatCommand, LIMITS, type Message } from '@app/shared';
import request from 'supertest';
import {
  type TestUser,
  addMemberTo,
  bearer,
  createCommunityWithChannel,
  internalChatBatch,
  loginAs,
  postMessages,
  querySql,
  uniqueName,
  useTestApi,
} from './support';

describe('POST /internal/chat-batch', () => {
  const api = useTestApi();

  const newChat = (
    user: TestUser,
    communityId: string,
    channelId: string,
    content: string,
    clientMsgId = uniqueName('c'),
  ): InternalChatCommand => ({
    userId: user.user.id,
    communityId,
    chat: { chatType: 'new', channelId, content, clientMsgId },
  });

  const rowsOf = (channelId: string) =>
    querySql<{ id: string; seq: string; content: string }>('SELECT id, seq, content FROM messages WHERE channel_id = $1 ORDER BY seq', [
      channelId,
    ]);

  it('stores a new message, trimmed, and answers with it', async () => {
    const { owner, community, channel } = await createCommunityWithChannel(api.url);
    const [result] = await internalChatBatch(api.url, [newChat(owner, community.id, channel.id, '  hello world \n', 'c-1')]);
    expect(result).toEqual({
      ok: true,
      message: {
        id: expect.any(String),
        communityId: community.id,
        channelId: channel.id,
        seq: 1,
        author: owner.user,
        content: 'hello world',
        clientMsgId: 'c-1',
        createdAt: expect.any(String),
        editedAt: null,
        deletedAt: null,
      },
    });
    expect(await rowsOf(channel.id)).toEqual([{ id: (result as { message: Message }).message.id, seq: '1', content: 'hello world' }]);
  });

  describe('idempotency by (channel, author, clientMsgId)', () => {
    it('answers a repeat with the message stored the first time', async () => {
      const { owner, community, channel } = await createCommunityWithChannel(api.url);
      const [first] = await internalChatBatch(api.url, [newChat(owner, community.id, channel.id, 'once', 'retry-me')]);
      await postMessages(api.url, owner, community.id, channel.id, ['in between']);
      const [again] = await internalChatBatch(api.url, [newChat(owner, community.id, channel.id, 'once (edited retry)', 'retry-me')]);
      expect(first.ok && again.ok).toBe(true);
      expect(again).toEqual(first);
      expect((await rowsOf(channel.id)).map((r) => r.seq)).toEqual(['1', '2']);
    });

    it('keeps seqs contiguous when repeats of stored messages sit between new ones of the same channel', async () => {
      const { owner, community, channel } = await createCommunityWithChannel(api.url);
      const bob = await addMemberTo(api.url, owner, community.id, channel.id);
      const stored = await internalChatBatch(api.url, [
        newChat(owner, community.id, channel.id, 'first', 'old-1'),
        newChat(bob, community.id, channel.id, 'second', 'old-2'),
      ]);
      const results = await internalChatBatch(api.url, [
        newChat(owner, community.id, channel.id, 'new a', 'new-a'),
        newChat(owner, community.id, channel.id, 'first (retried)', 'old-1'),
        newChat(bob, community.id, channel.id, 'new b', 'new-b'),
        newChat(bob, community.id, channel.id, 'second (retried)', 'old-2'),
        newChat(owner, community.id, channel.id, 'new c', 'new-c'),
      ]);
      expect(results[1]).toEqual(stored[0]);
      expect(results[3]).toEqual(stored[1]);
      expect(results.map((r) => r.ok && [r.message.seq, r.message.content])).toEqual([
        [3, 'new a'],
        [1, 'first'],
        [4, 'new b'],
        [2, 'second'],
        [5, 'new c'],
      ]);
      expect((await rowsOf(channel.id)).map((r) => [Number(r.seq), r.content])).toEqual([
        [1, 'first'],
        [2, 'second'],
        [3, 'new a'],
        [4, 'new b'],
        [5, 'new c'],
      ]);
      const counters = await querySql<{ user_id: string; authored_count: string }>(
        'SELECT user_id, authored_count FROM channel_members WHERE channel_id = $1',
        [channel.id],
      );
      expect(Object.fromEntries(counters.map((c) => [c.user_id, Number(c.authored_count)]))).toEqual({ [owner.user.id]: 3, [bob.user.id]: 2 });
      const [row] = await querySql<{ last_seq: string }>('SELECT last_seq FROM channels WHERE id = $1', [channel.id]);
      expect(Number(row.last_seq)).toBe(5);
    });

    it('stores the other channels of a batch once when one channel holds a repeat', async () => {
      const { owner, community, channel } = await createCommunityWithChannel(api.url);
      const second = (
        await request(api.url)
          .post(`/api/communities/${community.id}/channels`)
          .set(owner.auth)
          .send({ name: uniqueName('second') })
      ).body.id as string;
      const [stored] = await internalChatBatch(api.url, [newChat(owner, community.id, channel.id, 'first', 'old-1')]);
      const results = await internalChatBatch(api.url, [
        newChat(owner, community.id, second, 'elsewhere 1'),
        newChat(owner, community.id, channel.id, 'first (retried)', 'old-1'),
        newChat(owner, community.id, second, 'elsewhere 2'),
      ]);
      expect(results[1]).toEqual(stored);
      expect(results.map((r) => r.ok && r.message.seq)).toEqual([1, 1, 2]);
      expect((await rowsOf(second)).map((r) => [Number(r.seq), r.content])).toEqual([
        [1, 'elsewhere 1'],
        [2, 'elsewhere 2'],
      ]);
      expect(await rowsOf(channel.id)).toHaveLength(1);
    });

    it('writes a duplicate inside one batch once', async () => {
      const { owner, community, channel } = await createCommunityWithChannel(api.url);
      const results = await internalChatBatch(api.url, [
        newChat(owner, community.id, channel.id, 'a', 'dup'),
        newChat(owner, community.id, channel.id, 'b', 'other'),
        newChat(owner, community.id, channel.id, 'a', 'dup'),
      ]);
      const messages = results.map((r) => (r.ok ? r.message : null));
      expect(messages[0]).toEqual(messages[2]);
      expect(messages.map((m) => m?.seq)).toEqual([1, 2, 1]);
      expect(await rowsOf(channel.id)).toHaveLength(2);
    });

    it('writes one row when the same command races in parallel requests', async () => {
      const { owner, community, channel } = await createCommunityWithChannel(api.url);
      const command = newChat(owner, community.id, channel.id, 'racing', 'race-1');
      const all = await Promise.all(Array.from({ length: 10 }, () => internalChatBatch(api.url, [command])));
      const ids = new Set(all.map(([r]) => (r.ok ? `${r.message.id}/${r.message.seq}` : 'failed')));
      expect([...ids]).toHaveLength(1);
      expect(await rowsOf(channel.id)).toHaveLength(1);
    });

    it('keeps different authors and different channels apart', async () => {
      const { owner, community, channel } = await createCommunityWithChannel(api.url);
      const bob = await addMemberTo(api.url, owner, community.id, channel.id);
      const second = (
        await request(api.url)
          .post(`/api/communities/${community.id}/channels`)
          .set(owner.auth)
          .send({ name: uniqueName('second') })
      ).body.id as string;
      const results = await internalChatBatch(api.url, [
        newChat(owner, community.id, channel.id, 'from alice', 'same'),
        newChat(bob, community.id, channel.id, 'from bob', 'same'),
        newChat(owner, community.id, second, 'alice elsewhere', 'same'),
      ]);
      expect(results.map((r) => r.ok && [r.message.channelId, r.message.seq])).toEqual([
        [channel.id, 1],
        [channel.id, 2],
        [second, 1],
      ]);
    });
  });

  it('keeps seqs contiguous under 150 concurrent writers mixed with failing ones', async () => {
    const { owner, community, channel } = await createCommunityWithChannel(api.url);
    const writers = await Promise.all([0, 1, 2].map(() => addMemberTo(api.url, owner, community.id, channel.id)));
    const outsider = await addMemberTo(api.url, owner, community.id);
    const commands: { command: unknown; valid: boolean }[] = Array.from({ length: 150 }, (_, i) => {
      const author = writers[i % writers.length];
      if (i % 7 === 3) return { command: newChat(author, community.id, channel.id, '   ', `bad-${i}`), valid: false };
      if (i % 11 === 5) return { command: newChat(outsider, community.id, channel.id, `outsider ${i}`), valid: false };
      if (i % 13 === 8)
        return {
          command: { userId: author.user.id, communityId: community.id, chat: { chatType: 'new', channelId: channel.id } },
          valid: false,
        };
      return { command: newChat(author, community.id, channel.id, `message ${i}`), valid: true };
    });
    const results = await Promise.all(commands.map(({ command }) => internalChatBatch(api.url, [command]).then(([r]) => r)));

    const expectedValid = commands.filter((c) => c.valid).length;
    results.forEach((result, i) => expect([i, result.ok]).toEqual([i, commands[i].valid]));
    const seqs = results.flatMap((r) => (r.ok ? [r.message.seq] : [])).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: expectedValid }, (_, i) => i + 1));
    expect((await rowsOf(channel.id)).map((r) => Number(r.seq))).toEqual(seqs);
    const [row] = await querySql<{ last_seq: string }>('SELECT last_seq FROM channels WHERE id = $1', [channel.id]);
    expect(Number(row.last_seq)).toBe(expectedValid);
  });

  describe('validation', () => {
    it('fails only the invalid commands of a batch, each with validation_failed', async () => {
      const { owner, community, channel } = await createCommunityWithChannel(api.url);
      const base = { userId: owner.user.id, communityId: community.id };
      const results = await internalChatBatch(api.url, [
        newChat(owner, community.id, channel.id, 'fine'),
        { ...base, chat: { chatType: 'new', channelId: channel.id, content: ' \n\t ', clientMsgId: 'x' } },
        { ...base, chat: { chatType: 'new', channelId: channel.id, content: 'c'.repeat(LIMITS.contentMaxChars + 1), clientMsgId: 'y' } },
        { ...base, chat: { chatType: 'new', channelId: channel.id, content: 'no id' } },
        { ...base, chat: { chatType: 'new', channelId: channel.id, content: 'long id', clientMsgId: 'i'.repeat(65) } },
        { ...base, chat: { chatType: 'shout', channelId: channel.id, content: 'x' } },
        { ...base, chat: { chatType: 'modify', channelId: channel.id, messageId: 'nope', content: 'x' } },
        { userId: 'not-a-uuid', communityId: community.id, chat: { chatType: 'new', channelId: channel.id, content: 'x', clientMsgId: 'z' } },
        'not even an object',
        newChat(owner, community.id, channel.id, 'nul in id', 'a\u0000b'),
        newChat(owner, community.id, channel.id, 'c'.repeat(LIMITS.contentMaxChars)),
      ]);
      expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', ...Array<string>(9).fill('validation_failed'), 'ok']);
      const failed = results[1];
      expect(failed.ok ? null : failed.error).toEqual({ code: 'validation_failed', message: expect.any(String), details: expect.any(Array) });
      expect(results.filter((r) => r.ok).map((r) => r.ok && r.message.seq)).toEqual([1, 2]);
    });

    it('rejects a malformed envelope with 400', async () => {
      const send = (body: unknown) =>
        request(api.internalUrl)
          .post(INTERNAL_ROUTES.chatBatch)
          .set(bearer(api.config.INTERNAL_TOKEN))
          .send(body as object);
      for (const body of [{}, { commands: 'x' }, { commands: Array(LIMITS.internalBatchMax + 1).fill({}) }]) {
        const res = await send(body);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
      }
      const empty = await send({ commands: [] });
      expect([empty.status, empty.body]).toEqual([200, { results: [] }]);
    });
  });

  describe('rights, re-checked by the API', () => {
    it('refuses a channel of another community and an unknown channel', async () => {
      const a = await createCommunityWithChannel(api.url);
      const b = await createCommunityWithChannel(api.url);
      const results = await internalChatBatch(api.url, [
        newChat(a.owner, a.community.id, b.channel.id, 'wrong community'),
        newChat(b.owner, a.community.id, b.channel.id, 'member of b, but says a'),
        newChat(a.owner, a.community.id, randomUUID(), 'nowhere'),
      ]);
      expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['not_found', 'not_found', 'not_found']);
      expect(await rowsOf(b.channel.id)).toEqual([]);
    });

    it('refuses users who never were, or no longer are, in the channel or the community', async () => {
      const { owner, community, channel } = await createCommunityWithChannel(api.url);
      const neverInChannel = await addMemberTo(api.url, owner, community.id);
      const removedFromChannel = await addMemberTo(api.url, owner, community.id, channel.id);
      const removedFromCommunity = await addMemberTo(api.url, owner, community.id, channel.id);
      const stranger = await loginAs(api.url);
      await querySql('DELETE FROM channel_members WHERE channel_id = $1 AND user_id = $2', [channel.id, removedFromChannel.user.id]);
      await querySql('DELETE FROM community_members WHERE community_id = $1 AND user_id = $2', [community.id, removedFromCommunity.user.id]);

      const results = await internalChatBatch(api.url, [
        newChat(neverInChannel, community.id, channel.id, 'x'),
        newChat(removedFromChannel, community.id, channel.id, 'x'),
        newChat(removedFromCommunity, community.id, channel.id, 'x'),
        newChat(stranger, community.id, channel.id, 'x'),
        { userId: randomUUID(), communityId: community.id, chat: { chatType: 'new', channelId: channel.id, content: 'x', clientMsgId: 'g' } },
        newChat(owner, community.id, channel.id, 'the owner may'),
      ]);
      expect(results.map((r) => (r.ok ? r.message.seq : r.error.code))).toEqual([
        'forbidden',
        'forbidden',
        'forbidden',
        'forbidden',
        'forbidden',
        1,
      ]);
    });
  });

  describe('modify and delete', () => {
    const edit = (user: TestUser, communityId: string, chat: Record<string, unknown>) =>
      internalChatBatch(api.url, [{ userId: user.user.id, communityId, chat }]);

    it('lets the author modify (content trimmed, editedAt set, seq kept)', async () => {
      const { owner, community, channel } = await createCommunityWithChannel(api.url);
      const [original] = await postMessages(api.url, owner, community.id, channel.id, ['first draft']);
      const [result] = await edit(owner, community.id, {
        chatType: 'modify',
        channelId: channel.id,
        messageId: original.id,
        content: '  final  ',
      });
      expect(result).toEqual({ ok: true, message: { ...original, content: 'final', editedAt: expect.any(String) } });
    });

    it('lets the author delete: content emptied, deletedAt set, seq kept; a repeat answers the same', async () => {
      const { owner, community, channel } = await createCommunityWithChannel(api.url);
      const [, original] = await postMessages(api.url, owner, community.id, channel.id, ['a', 'b', 'c']);
      const [deleted] = await edit(owner, community.id, { chatType: 'delete', channelId: channel.id, messageId: original.id });
      expect(deleted).toEqual({ ok: true, message: { ...original, content: '', deletedAt: expect.any(String) } });
      const [again] = await edit(owner, community.id, { chatType: 'delete', channelId: channel.id, messageId: original.id });
      expect(again).toEqual(deleted);
      expect((await rowsOf(channel.id)).map((r) => [r.seq, r.content])).toEqual([
        ['1', 'a'],
        ['2', ''],
        ['3', 'c'],
      ]);
      const [modify] = await edit(owner, community.id, { chatType: 'modify', channelId: channel.id, messageId: original.id, content: 'back' });
      expect(modify.ok ? null : modify.error.code).toBe('not_found');
    });

    it('refuses anyone but the author, even an owner', async () => {
      const { owner, community, channel } = await createCommunityWithChannel(api.url);
      const bob = await addMemberTo(api.url, owner, community.id, channel.id);
      const [bobs] = await postMessages(api.url, bob, community.id, channel.id, ['mine']);
      const results = await internalChatBatch(api.url, [
        {
          userId: owner.user.id,
          communityId: community.id,
          chat: { chatType: 'modify', channelId: channel.id, messageId: bobs.id, content: 'hacked' },
        },
        { userId: owner.user.id, communityId: community.id, chat: { chatType: 'delete', channelId: channel.id, messageId: bobs.id } },
      ]);
      expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['forbidden', 'forbidden']);
      expect((await rowsOf(channel.id))[0].content).toBe('mine');
    });

    it('answers not_found for an unknown message or one of another channel', async () => {
      const { owner, community, channel } = await createCommunityWithChannel(api.url);
      const [message] = await postMessages(api.url, owner, community.id, channel.id, ['here']);
      const otherChannel = (
        await request(api.url)
          .post(`/api/communities/${community.id}/channels`)
          .set(owner.auth)
          .send({ name: uniqueName('other') })
      ).body.id as string;
      const results = await internalChatBatch(api.url, [
        { userId: owner.user.id, communityId: community.id, chat: { chatType: 'delete', channelId: channel.id, messageId: randomUUID() } },
        { userId: owner.user.id, communityId: community.id, chat: { chatType: 'delete', channelId: otherChannel, messageId: message.id } },
        {
          userId: owner.user.id,
          communityId: community.id,
          chat: { chatType: 'modify', channelId: otherChannel, messageId: message.id, content: 'x' },
        },
      ]);
      expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['not_found', 'not_found', 'not_found']);
    });

    it('applies edits of one batch in order, after the new messages of that batch', async () => {
      const { owner, community, channel } = await createCommunityWithChannel(api.url);
      const [message] = await postMessages(api.url, owner, community.id, channel.id, ['v1']);
      const base = { userId: owner.user.id, communityId: community.id };
      const results = await internalChatBatch(api.url, [
        { ...base, chat: { chatType: 'modify', channelId: channel.id, messageId: message.id, content: 'v2' } },
        newChat(owner, community.id, channel.id, 'another'),
        { ...base, chat: { chatType: 'delete', channelId: channel.id, messageId: message.id } },
        { ...base, chat: { chatType: 'modify', channelId: channel.id, messageId: message.id, content: 'v3' } },
      ]);
      expect(results.map((r) => (r.ok ? `${r.message.seq}:${r.message.content}` : r.error.code))).toEqual([
        '1:v2',
        '2:another',
        '1:',
        'not_found',
      ]);
    });
  });
});
