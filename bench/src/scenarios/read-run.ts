import { Client } from 'pg';
import type { ChannelSummary, CommunitySummary, HistoryPage, UnreadEntry } from '@app/shared';
import { LatencyHistogram, type LatencySummaryMs } from '../lib/histogram';
import { mapLimit, type RestClient } from '../lib/rest-client';
import { loginUsers } from '../setup/topology';
import type { BenchStack } from '../stack/bench-stack';
import { deletedOfOthersSql, latestAuthorSeqSql } from '../../../apps/api/src/public-api';
import type { ReadRunConfig } from '../bench-config';

export interface ReadRunReport {
  channels: number;
  messagesPerChannel: number;
  /** Rows in the messages table when measured (other runs' messages included). */
  messagesInTable: number;
  seedSeconds: number;
  unread: LatencySummaryMs;
  /**
   * `GET /api/me` taken in turns with the unread requests: an authenticated route with one small
   * query, the floor any request has on this host (HTTP, auth, scheduling), so a tail can be read
   * against it.
   */
  floor: LatencySummaryMs;
  /** The API's unread counts equal a brute-force SQL count over the same rows. */
  unreadCorrect: boolean;
  history: { newest: LatencySummaryMs; before: LatencySummaryMs; after: LatencySummaryMs };
  /**
   * `GET /api/communities/:id/search` by the reader, first page (20 hits), by query shape: a rare
   * word (a seq number: one message per channel), a phrase with it, and a word every seeded message
   * has, whole and as a prefix (the worst case: all matches sorted by time).
   */
  search: { rare: LatencySummaryMs; phrase: LatencySummaryMs; common: LatencySummaryMs; prefix: LatencySummaryMs };
}

const OTHER_AUTHORS = 9;

/**
 * Seeds channels of one reader with generated messages in fast set-based SQL, keeping every
 * invariant the API relies on: seqs contiguous from 1, `channels.last_seq` equal to the highest seq,
 * `author_seq` counting each author's messages per channel. A tenth of the messages are the
 * reader's own and about 1 % deleted; read markers are spread over the whole range, so on average
 * half of every channel is unread: a heavy case, on purpose.
 */
async function seed(
  db: Client,
  args: { communityId: string; channelIds: string[]; readerId: string; authorIds: string[]; perChannel: number; log: (l: string) => void },
) {
  const chunk = 20;
  for (let i = 0; i < args.channelIds.length; i += chunk) {
    const ids = args.channelIds.slice(i, i + chunk);
    // author_seq: each author's own running count per channel, as the writer assigns it.
    await db.query(
      `INSERT INTO messages (community_id, channel_id, seq, author_id, author_seq, content, client_msg_id, created_at, deleted_at)
       SELECT $1::uuid, g.channel_id, g.s, g.author_id,
              row_number() OVER (PARTITION BY g.channel_id, g.author_id ORDER BY g.s),
              CASE WHEN g.s % 101 = 0 THEN '' ELSE 'seeded message ' || g.s || ' of the read benchmark, about as long as a chat line' END,
              'seed-' || g.s,
              now() - make_interval(secs => ($4::int - g.s)),
              CASE WHEN g.s % 101 = 0 THEN now() END
       FROM (
         SELECT ch.id AS channel_id, s.s,
                CASE WHEN (s.s + ch.n) % 10 = 0 THEN $2::uuid
                     ELSE ($3::uuid[])[1 + ((s.s * 7 + ch.n) % array_length($3::uuid[], 1))] END AS author_id
         FROM unnest($5::uuid[]) WITH ORDINALITY AS ch(id, n)
         CROSS JOIN generate_series(1, $4::int) AS s(s)
       ) g`,
      [args.communityId, args.readerId, args.authorIds, args.perChannel, ids],
    );
    if ((i / chunk) % 5 === 4) args.log(`  seeded ${Math.min(i + chunk, args.channelIds.length) * args.perChannel} messages`);
  }
  await db.query('UPDATE channels SET last_seq = $1 WHERE id = ANY($2::uuid[])', [args.perChannel, args.channelIds]);
  // Markers from 0 (nothing read) to last_seq (all read), fixed per channel; the membership counters
  // follow them as the writer and the read route keep them.
  await db.query(
    `UPDATE channel_members SET last_read_seq = (hashtext(channel_id::text) & 2147483647) % ($1::int + 1)
     WHERE user_id = $2 AND channel_id = ANY($3::uuid[])`,
    [args.perChannel, args.readerId, args.channelIds],
  );
  await db.query(
    `UPDATE channel_members chm
        SET authored_count = ${latestAuthorSeqSql({ channelId: 'chm.channel_id', authorId: 'chm.user_id' })},
            read_author_seq = ${latestAuthorSeqSql({ channelId: 'chm.channel_id', authorId: 'chm.user_id', atOrBelowSeq: 'chm.last_read_seq' })},
            deleted_above_marker = ${deletedOfOthersSql({ channelId: 'chm.channel_id', memberId: 'chm.user_id', aboveSeq: 'chm.last_read_seq' })}
      WHERE chm.channel_id = ANY($1::uuid[])`,
    [args.channelIds],
  );
  // What autovacuum would have done by now on a live table: statistics and the visibility map.
  // (The inserts commit synchronously: VACUUM cannot mark pages of unflushed async commits all-visible.)
  await db.query('VACUUM ANALYZE messages, channels, channel_members');
  // Flush the seeded pages now, so that a checkpoint they would trigger does not land in the measurement.
  await db.query('CHECKPOINT').catch((err: Error) => args.log(`  CHECKPOINT failed (${err.message}); measuring anyway`));
}

async function expectedUnread(db: Client, readerId: string): Promise<Map<string, number>> {
  const res = await db.query<{ channel_id: string; unread: string }>(
    `SELECT cm.channel_id, count(m.id) AS unread
     FROM channel_members cm
     LEFT JOIN messages m ON m.channel_id = cm.channel_id AND m.seq > cm.last_read_seq
                         AND m.deleted_at IS NULL AND m.author_id <> cm.user_id
     WHERE cm.user_id = $1 GROUP BY cm.channel_id`,
    [readerId],
  );
  return new Map(res.rows.map((r) => [r.channel_id, Number(r.unread)]));
}

/**
 * Steady state, not the first requests after boot: the API was just started, and until V8 has
 * optimized the request path (a few hundred requests) p99 reads about 1 ms higher. The warm-up
 * also fills the pool's connections and their statement plans.
 */
const WARMUP_REQUESTS = 200;

async function timeRequests(n: number, fn: (i: number) => Promise<number>): Promise<LatencySummaryMs> {
  const hist = new LatencyHistogram();
  for (let i = 0; i < Math.min(WARMUP_REQUESTS, n); i++) await fn(i);
  for (let i = 0; i < n; i++) hist.recordMs(await fn(i));
  return hist.summaryMs();
}

/** Two kinds of request taken in turns, so that both meet the same moments of the host. */
async function timeInTurns(n: number, a: () => Promise<number>, b: () => Promise<number>): Promise<[LatencySummaryMs, LatencySummaryMs]> {
  const hists = [new LatencyHistogram(), new LatencyHistogram()];
  for (let i = 0; i < Math.min(WARMUP_REQUESTS, n); i++) {
    await a();
    await b();
  }
  for (let i = 0; i < n; i++) {
    hists[0].recordMs(await a());
    hists[1].recordMs(await b());
  }
  return [hists[0].summaryMs(), hists[1].summaryMs()];
}

/** `GET /api/me/unread` for a reader of 200 channels over a table of 1M+ messages, and history pages. */
export async function runRead(args: {
  stack: BenchStack;
  api: RestClient;
  config: ReadRunConfig;
  tag: string;
  log: (line: string) => void;
}): Promise<ReadRunReport | null> {
  const { stack, api, config, log } = args;
  if (!stack.databaseUrl) {
    log('read run skipped: it seeds through SQL and needs the database (--database-url with --target)');
    return null;
  }
  const [reader, ...others] = await loginUsers(
    api,
    [`${args.tag}reader`, ...Array.from({ length: OTHER_AUTHORS }, (_, i) => `${args.tag}author${i}`)],
    8,
  );
  const community = await api.json<CommunitySummary>('POST', '/api/communities', reader.token, { name: `${args.tag} reading` });
  const channelIds = await mapLimit(
    Array.from({ length: config.channels }, (_, i) => i),
    8,
    async (i) => (await api.json<ChannelSummary>('POST', `/api/communities/${community.id}/channels`, reader.token, { name: `read-${i}` })).id,
  );

  const db = new Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    const seedStarted = performance.now();
    await seed(db, {
      communityId: community.id,
      channelIds,
      readerId: reader.id,
      authorIds: others.map((o) => o.id),
      perChannel: config.messagesPerChannel,
      log,
    });
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const messagesInTable = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM messages')).rows[0].n);
    log(`read data seeded in ${seedSeconds.toFixed(1)} s; messages table holds ${messagesInTable} rows`);

    const truth = await expectedUnread(db, reader.id);
    const answer = await api.json<UnreadEntry[]>('GET', '/api/me/unread', reader.token);
    const unreadCorrect = answer.length === truth.size && answer.every((e) => truth.get(e.channelId) === e.unread);
    if (!unreadCorrect) log('  WARNING: /api/me/unread disagrees with a brute-force SQL count');

    const [unread, floor] = await timeInTurns(
      config.unreadRequests,
      async () => (await api.request('GET', '/api/me/unread', reader.token)).ms,
      async () => (await api.request('GET', '/api/me', reader.token)).ms,
    );
    const pick = (i: number) => channelIds[(i * 7919) % channelIds.length];
    const seqAt = (i: number) => 1 + ((i * 104729) % config.messagesPerChannel);
    const page = async (query: string, i: number) =>
      (await api.request<HistoryPage>('GET', `/api/channels/${pick(i)}/messages${query}`, reader.token)).ms;
    const history = {
      newest: await timeRequests(config.historyRequests, (i) => page('?limit=50', i)),
      before: await timeRequests(config.historyRequests, (i) => page(`?before=${seqAt(i)}&limit=50`, i)),
      after: await timeRequests(config.historyRequests, (i) => page(`?after=${seqAt(i)}&limit=50`, i)),
    };
    const find = async (q: string) =>
      (await api.request('GET', `/api/communities/${community.id}/search?q=${encodeURIComponent(q)}`, reader.token)).ms;
    const searchRequests = Math.max(20, Math.round(config.historyRequests / 3));
    const search = {
      rare: await timeRequests(searchRequests, (i) => find(String(seqAt(i)))),
      phrase: await timeRequests(searchRequests, (i) => find(`"message ${seqAt(i)} of the read"`)),
      common: await timeRequests(searchRequests, () => find('benchmark')),
      prefix: await timeRequests(searchRequests, () => find('benchm')),
    };
    return {
      search,
      channels: config.channels,
      messagesPerChannel: config.messagesPerChannel,
      messagesInTable,
      seedSeconds: Math.round(seedSeconds * 10) / 10,
      unread,
      floor,
      unreadCorrect,
      history,
    };
  } finally {
    await db.end();
  }
}
