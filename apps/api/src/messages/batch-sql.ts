/*
 * The writer's statements for new messages. Parameters: the INSERT's ten columns (rowValues), then
 * the counters' five arrays (counterValues), both in batch-plan.ts. Each row's mentions arrive as the
 * text of a uuid array (null when none): unnest would flatten a two-dimensional parameter.
 */

/** The idempotency key: one row per (channel, author, clientMsgId). */
export const CLIENT_MSG_KEY = 'messages_client_msg_key';

const INSERT_SELECT = `INSERT INTO messages (community_id, channel_id, seq, author_id, content, client_msg_id, author_seq, thread_root_id,
    mentioned_user_ids, mentions_all)
  SELECT v.community_id, v.channel_id, v.seq, v.author_id, v.content, v.client_msg_id, v.author_seq, v.thread_root_id,
         v.mentions::uuid[], v.mentions_all
    FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::uuid[], $5::text[], $6::text[], $7::bigint[], $8::uuid[], $9::text[], $10::boolean[])
      AS v (community_id, channel_id, seq, author_id, content, client_msg_id, author_seq, thread_root_id, mentions, mentions_all)`;
const RETURNING = 'RETURNING id, channel_id, seq, created_at';

/** Each channel's last_seq and each author's authored_count, parameters numbered from `$first`. */
const moveCounters = (first: number) => ({
  channelSeqs: `UPDATE channels c SET last_seq = v.last_seq FROM unnest($${first}::uuid[], $${first + 1}::bigint[]) AS v (id, last_seq) WHERE c.id = v.id`,
  authored: `UPDATE channel_members chm SET authored_count = v.authored_count
    FROM unnest($${first + 2}::uuid[], $${first + 3}::uuid[], $${first + 4}::bigint[]) AS v (channel_id, user_id, authored_count)
   WHERE chm.channel_id = v.channel_id AND chm.user_id = v.user_id`,
});

/**
 * Inserts the rows and moves the counters in one statement, one round trip: under load every round
 * trip of a batch waits for both processes to get a core. The counters come from the plan, not from
 * the INSERT, and a unique violation fails the whole statement.
 */
export const INSERT_NEW_AND_MOVE_COUNTERS = (() => {
  const { channelSeqs, authored } = moveCounters(11);
  return `WITH inserted AS (${INSERT_SELECT} ${RETURNING}),
    channel_seqs AS (${channelSeqs} RETURNING 1),
    authored AS (${authored} RETURNING 1)
  SELECT * FROM inserted`;
})();

/** Inserts the rows, answering a repeat with the stored row it conflicts with (a no-op update returns it). */
export const INSERT_FINDING_REPEATS = `${INSERT_SELECT}
  ON CONFLICT ON CONSTRAINT ${CLIENT_MSG_KEY} DO UPDATE SET client_msg_id = EXCLUDED.client_msg_id
  ${RETURNING}, author_id, client_msg_id`;

/** The counters alone, after INSERT_FINDING_REPEATS has settled: parameters are counterValues only. */
export const MOVE_COUNTERS = (() => {
  const { channelSeqs, authored } = moveCounters(1);
  return `WITH channel_seqs AS (${channelSeqs} RETURNING 1) ${authored}`;
})();
