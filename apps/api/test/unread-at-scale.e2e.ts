import type { InternalChatCommand, UnreadEntry } from '@app/shared';
import { Client } from 'pg';
import request from 'supertest';
import {
  addMemberTo,
  createChannel,
  createCommunityWithChannel,
  internalChatBatch,
  postMessages,
  querySql,
  testDatabaseUrl,
  uniqueName,
  useTestApi,
  waitForLockWaiters,
} from './support';

/**
 * Unread counts come from author_seqs and the membership counters that follow them (see
 * unread.sql.ts): the writer assigns both batch by batch under the channel locks, the read marker
 * route moves `read_author_seq`, deletions and marker moves move `deleted_above_marker`. Whatever the mix of batches, repeats, edits, concurrency and
 * memberships, they must agree with a brute-force count of the rows.
 */
async function bruteForceUnread(userId: string): Promise<Record<string, number>> {
  const truth = await querySql<{ channel_id: string; n: string }>(
    `SELECT cm.channel_id, count(m.id) AS n FROM channel_members cm
       LEFT JOIN messages m ON m.channel_id = cm.channel_id AND m.seq > cm.last_read_seq AND m.deleted_at IS NULL AND m.author_id <> cm.user_id
      WHERE cm.user_id = $1 AND NOT EXISTS (SELECT 1 FROM communities co WHERE co.default_channel_id = cm.channel_id)
      GROUP BY cm.channel_id`,
    [userId],
  );
  return Object.fromEntries(truth.map((t) => [t.channel_id, Number(t.n)]));
}

async function deletedAboveMarker(channelId: string, userId: string): Promise<number> {
  const [row] = await querySql<{ n: string }>('SELECT deleted_above_marker AS n FROM channel_members WHERE channel_id = $1 AND user_id = $2', [
    channelId,
    userId,
  ]);
  return Number(row.n);
}

/** The channels under test: every community's default channel (#town-square, which members join and nobody writes in here) is left out. */
async function unreadByChannel(url: string, auth: Record<string, string>): Promise<Record<string, number>> {
  const res = await request(url).get('/api/me/unread').set(auth).expect(200);
  const entries = res.body as UnreadEntry[];
  const defaults = await querySql<{ id: string }>('SELECT default_channel_id AS id FROM communities WHERE id = ANY($1::uuid[])', [
    entries.map((e) => e.communityId),
  ]);
  const skipped = new Set(defaults.map((d) => d.id));
  return Object.fromEntries(entries.filter((e) => !skipped.has(e.channelId)).map((e) => [e.channelId, e.unread]));
}

describe('unread counts from author_seq', () => {
  const api = useTestApi();

  it('match a brute-force count after mixed, concurrent and repeated batches', async () => {
    const { owner, community, channel } = await createCommunityWithChannel(api.url);
    const second = await createChannel(api.url, owner, community.id);
    const others = await Promise.all([0, 1].map(() => addMemberTo(api.url, owner, community.id, channel.id)));
    for (const other of others) {
      await request(api.url).post(`/api/channels/${second.id}/join`).set(other.auth).expect(201);
    }
    const writers = [owner, ...others];
    const newChat = (authorIndex: number, channelId: string, clientMsgId = uniqueName('m')): InternalChatCommand => ({
      userId: writers[authorIndex].user.id,
      communityId: community.id,
      chat: { chatType: 'new', channelId, content: `by ${authorIndex}`, clientMsgId },
    });

    // Batches spanning both channels, several of the reader's own messages per batch, sent concurrently.
    const batches = Array.from({ length: 12 }, (_, b) =>
      Array.from({ length: 9 }, (_, i) => newChat((b + i) % 3, i % 2 ? second.id : channel.id)),
    );
    const firstResults = await Promise.all(batches.map((batch) => internalChatBatch(api.url, batch)));
    // Repeats of already stored messages must not advance anyone's author_seq.
    await internalChatBatch(api.url, batches[3]);
    const ownFirst = firstResults.flat().find((r) => r.ok && r.message.author.id === owner.user.id);
    if (!ownFirst?.ok) throw new Error('the owner wrote nothing');
    const deleted = await internalChatBatch(api.url, [
      {
        userId: owner.user.id,
        communityId: community.id,
        chat: { chatType: 'delete', channelId: ownFirst.message.channelId, messageId: ownFirst.message.id },
      },
    ]);
    expect(deleted[0].ok).toBe(true);
    const othersMessage = firstResults
      .flat()
      .find((r) => r.ok && r.message.author.id === others[0].user.id && r.message.channelId === channel.id);
    if (!othersMessage?.ok) throw new Error('no message of another member');
    await internalChatBatch(api.url, [
      {
        userId: others[0].user.id,
        communityId: community.id,
        chat: { chatType: 'delete', channelId: channel.id, messageId: othersMessage.message.id },
      },
    ]);

    // author_seq is 1..n per (channel, author), in seq order.
    const gaps = await querySql<{ n: string }>(
      `SELECT count(*) AS n FROM (
         SELECT author_seq, row_number() OVER (PARTITION BY channel_id, author_id ORDER BY seq) AS expected
           FROM messages WHERE channel_id = ANY($1::uuid[])) s
        WHERE author_seq <> expected`,
      [[channel.id, second.id]],
    );
    expect(Number(gaps[0].n)).toBe(0);

    // Markers move through the API, forward only, as clients move them.
    for (const reader of writers) {
      for (const marker of [0, 7, 23, 40]) {
        for (const channelId of [channel.id, second.id]) {
          await request(api.url).post(`/api/channels/${channelId}/read`).set(reader.auth).send({ seq: marker }).expect(200);
        }
        const actual = await unreadByChannel(api.url, reader.auth);
        const expected = await bruteForceUnread(reader.user.id);
        expect(Object.keys(expected)).toHaveLength(2);
        expect({ reader: reader.user.username, marker, unread: actual }).toEqual({ reader: reader.user.username, marker, unread: expected });
      }
    }
  });

  it('stay right for a member who leaves a channel and is added again after writing in it', async () => {
    const { owner, community, channel } = await createCommunityWithChannel(api.url);
    const returning = await addMemberTo(api.url, owner, community.id, channel.id);
    const chat = (user: typeof owner, content: string): InternalChatCommand => ({
      userId: user.user.id,
      communityId: community.id,
      chat: { chatType: 'new', channelId: channel.id, content, clientMsgId: uniqueName('m') },
    });
    await internalChatBatch(api.url, [chat(returning, 'mine 1'), chat(owner, 'theirs 1'), chat(returning, 'mine 2')]);
    await request(api.url).post(`/api/channels/${channel.id}/read`).set(returning.auth).send({ seq: 3 }).expect(200);

    // No route removes a member yet; the row goes as an operator would remove it.
    await querySql('DELETE FROM channel_members WHERE channel_id = $1 AND user_id = $2', [channel.id, returning.user.id]);
    await internalChatBatch(api.url, [chat(owner, 'theirs 2')]);
    await request(api.url).post(`/api/channels/${channel.id}/members`).set(owner.auth).send({ userId: returning.user.id }).expect(201);
    // Back in the channel with the marker at 0: everything but their own two messages is unread.
    expect(await unreadByChannel(api.url, returning.auth)).toEqual({ [channel.id]: 2 });
    await internalChatBatch(api.url, [chat(returning, 'mine 3'), chat(owner, 'theirs 3')]);
    expect(await unreadByChannel(api.url, returning.auth)).toEqual({ [channel.id]: 3 });
    await request(api.url).post(`/api/channels/${channel.id}/read`).set(returning.auth).send({ seq: 5 }).expect(200);
    expect(await unreadByChannel(api.url, returning.auth)).toEqual({ [channel.id]: 1 });
    expect(await unreadByChannel(api.url, returning.auth)).toEqual(await bruteForceUnread(returning.user.id));
  });

  it('stay right when read markers move while the same members write, concurrently', async () => {
    const { owner, community, channel } = await createCommunityWithChannel(api.url);
    const other = await addMemberTo(api.url, owner, community.id, channel.id);
    const members = [owner, other];
    const chat = (member: typeof owner): InternalChatCommand => ({
      userId: member.user.id,
      communityId: community.id,
      chat: { chatType: 'new', channelId: channel.id, content: 'x', clientMsgId: uniqueName('m') },
    });
    // Rounds of batches from both members, raced against both members moving their markers to
    // wherever the channel is (or a little past it) at that instant.
    for (let round = 0; round < 15; round++) {
      const writes = Array.from({ length: 3 }, (_, i) =>
        internalChatBatch(api.url, [chat(members[(round + i) % 2]), chat(members[i % 2]), chat(members[(round + 1) % 2])]),
      );
      const reads = members.flatMap((member, m) =>
        [0, 1].map((k) =>
          request(api.url)
            .post(`/api/channels/${channel.id}/read`)
            .set(member.auth)
            .send({ seq: round * 9 + k * 4 + m })
            .expect(200),
        ),
      );
      await Promise.all([...writes, ...reads]);
      for (const member of members) {
        expect({ round, member: member.user.username, unread: await unreadByChannel(api.url, member.auth) }).toEqual({
          round,
          member: member.user.username,
          unread: await bruteForceUnread(member.user.id),
        });
      }
    }
  });

  it('count every deletion of a batch once per member it is above, a repeated deletion once', async () => {
    const { owner: author, community, channel } = await createCommunityWithChannel(api.url);
    const [unreadAll, readTwo] = await Promise.all([0, 1].map(() => addMemberTo(api.url, author, community.id, channel.id)));
    const stored = await postMessages(api.url, author, community.id, channel.id, ['1', '2', '3']);
    await request(api.url).post(`/api/channels/${channel.id}/read`).set(readTwo.auth).send({ seq: 2 }).expect(200);
    const deleteOf = (i: number): InternalChatCommand => ({
      userId: author.user.id,
      communityId: community.id,
      chat: { chatType: 'delete', channelId: channel.id, messageId: stored[i].id },
    });
    const deleted = await internalChatBatch(api.url, [deleteOf(0), deleteOf(2), deleteOf(0)]);
    expect(deleted.map((r) => r.ok)).toEqual([true, true, true]);
    const counters = await Promise.all([unreadAll, readTwo, author].map((m) => deletedAboveMarker(channel.id, m.user.id)));
    expect(counters).toEqual([2, 1, 0]);
    for (const member of [unreadAll, readTwo]) {
      expect(await unreadByChannel(api.url, member.auth)).toEqual(await bruteForceUnread(member.user.id));
    }
    expect(await unreadByChannel(api.url, unreadAll.auth)).toEqual({ [channel.id]: 1 });
  });

  it('let a marker move past deletions its counter missed (as an API older than the counter leaves it)', async () => {
    const { owner: reader, community, channel } = await createCommunityWithChannel(api.url);
    const author = await addMemberTo(api.url, reader, community.id, channel.id);
    const [first] = await postMessages(api.url, author, community.id, channel.id, ['1', '2']);
    // Deleted the way an API without the counter would: the message only.
    await querySql(`UPDATE messages SET content = '', deleted_at = now() WHERE id = $1`, [first.id]);
    const res = await request(api.url).post(`/api/channels/${channel.id}/read`).set(reader.auth).send({ seq: 2 });
    expect([res.status, res.body]).toEqual([200, { lastReadSeq: 2 }]);
    expect(await deletedAboveMarker(channel.id, reader.user.id)).toBe(0);
    expect(await unreadByChannel(api.url, reader.auth)).toEqual(await bruteForceUnread(reader.user.id));
  });

  /**
   * A deletion and a marker move, or a deletion and a join, that meet on the same rows: the test
   * holds a lock both need, queues them behind it in a chosen order and lets go. The counter must
   * come out as a brute-force count in every order.
   */
  describe('when deletions race', () => {
    /** Where a deletion waits for a membership row: the writer's statement that counts it there. */
    const COUNTING_DELETIONS = 'SET deleted_above_marker = chm.deleted_above_marker +';

    /** Runs `run` while a transaction of the test holds a member's membership row locked. */
    async function holdingMembershipRow(channelId: string, userId: string, run: () => Promise<void>): Promise<void> {
      const client = new Client({ connectionString: testDatabaseUrl() });
      await client.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT 1 FROM channel_members WHERE channel_id = $1 AND user_id = $2 FOR UPDATE', [channelId, userId]);
        await run();
      } finally {
        await client.query('COMMIT').catch(() => undefined);
        await client.end();
      }
    }

    async function channelWithThreeMessages() {
      const { owner: reader, community, channel } = await createCommunityWithChannel(api.url);
      const author = await addMemberTo(api.url, reader, community.id, channel.id);
      const [, second] = await postMessages(api.url, author, community.id, channel.id, ['1', '2', '3']);
      const deleteSecond = () =>
        internalChatBatch(api.url, [
          { userId: author.user.id, communityId: community.id, chat: { chatType: 'delete', channelId: channel.id, messageId: second.id } },
        ]);
      return { reader, author, community, channel, deleteSecond };
    }

    /**
     * Starts a request and returns once it waits for a lock in a statement containing `fragment`
     * (`waiters` such sessions in all), or once it is done without having waited: then the
     * assertions tell what that cost.
     */
    async function queue(pending: Promise<unknown>[], started: Promise<unknown>, fragment: string, waiters = 1): Promise<void> {
      pending.push(started);
      await Promise.race([waitForLockWaiters(fragment, waiters), started]);
    }

    it.each([['the deletion'], ['the marker move']])(
      'keeps a marker move that passes a deleted message right when %s takes the membership row first',
      async (first) => {
        const { reader, channel, deleteSecond } = await channelWithThreeMessages();
        // async, so that the request is sent when called (supertest sends on the first then()).
        const moveMarker = async () => request(api.url).post(`/api/channels/${channel.id}/read`).set(reader.auth).send({ seq: 2 }).expect(200);
        const pending: Promise<unknown>[] = [];
        await holdingMembershipRow(channel.id, reader.user.id, async () => {
          if (first === 'the deletion') {
            await queue(pending, deleteSecond(), COUNTING_DELETIONS);
            await queue(pending, moveMarker(), 'channel_members', 2);
          } else {
            await queue(pending, moveMarker(), 'channel_members');
            await queue(pending, deleteSecond(), COUNTING_DELETIONS);
          }
        });
        await Promise.all(pending);
        // Marker at 2, message 2 deleted below it, message 3 unread.
        expect(await deletedAboveMarker(channel.id, reader.user.id)).toBe(0);
        expect(await unreadByChannel(api.url, reader.auth)).toEqual({ [channel.id]: 1 });
        expect(await bruteForceUnread(reader.user.id)).toEqual({ [channel.id]: 1 });
      },
    );

    it('counts a deletion in flight for a member who joins meanwhile', async () => {
      const { reader, community, channel, deleteSecond } = await channelWithThreeMessages();
      const late = await addMemberTo(api.url, reader, community.id);
      const join = async () => request(api.url).post(`/api/channels/${channel.id}/join`).set(late.auth).expect(201);
      const pending: Promise<unknown>[] = [];
      // The deletion stops at the reader's row, with its channel locked and its message not yet committed.
      await holdingMembershipRow(channel.id, reader.user.id, async () => {
        await queue(pending, deleteSecond(), COUNTING_DELETIONS);
        await queue(pending, join(), 'FROM channels');
      });
      await Promise.all(pending);
      expect(await deletedAboveMarker(channel.id, late.user.id)).toBe(1);
      expect(await unreadByChannel(api.url, late.auth)).toEqual({ [channel.id]: 2 });
      expect(await bruteForceUnread(late.user.id)).toEqual({ [channel.id]: 2 });
    });
  });
});
