import { Injectable } from '@nestjs/common';
import type { DeleteChatPayload, HistoryQuery, ModifyChatPayload } from '@app/shared';
import { Database } from '../database/database';
import { pgArrayLiteral } from '../database/pg-array-literal';
import type { SqlExecutor } from '../database/sql-executor';
import type { LockedChannel } from './batch-plan';
import { INSERT_FINDING_REPEATS, INSERT_NEW_AND_MOVE_COUNTERS, MOVE_COUNTERS } from './batch-sql';
import type { ResolvedMentions } from './mention-resolver';
import { ATTACHMENTS_LATERAL, MESSAGE_COLUMNS, type MessageRow, type ThreadColumns } from './message-row';

/** A message named as a thread root, as the writer checks it. */
export interface ThreadRootRow {
  id: string;
  channel_id: string;
  thread_root_id: string | null;
  reply_participants: ThreadColumns['reply_participants'];
}

/** A root's summary as a write left it. */
export type ThreadSummaryRow = ThreadColumns & { id: string; channel_id: string };

const THREAD_SUMMARY_RETURNING = 'RETURNING m.id, m.channel_id, m.reply_count, m.last_reply_at, m.reply_participants';

/** A rights row, in the order of the authors asked about. */
export interface AuthorRightsRow {
  ord: number;
  username: string;
  in_community: boolean;
  in_channel: boolean;
  /** The author's latest author_seq in the channel, 0 before their first message. */
  last_author_seq: string;
}

/** A row the INSERT returns: the one it inserted, or when finding repeats the stored row it conflicted with. */
export interface ReturnedRow {
  id: string;
  channel_id: string;
  seq: string;
  created_at: Date;
}

export type ReturnedOrRepeat = ReturnedRow & { author_id: string; client_msg_id: string };

/** A message as an edit finds it, locked. */
export interface EditedMessageRow {
  channel_id: string;
  author_id: string;
  deleted: boolean;
}

/** A message this transaction has just marked deleted. */
export interface Deletion {
  channelId: string;
  seq: number;
  authorId: string;
}

/**
 * A page's seq bounds after `scope` (whose parameters come first): with `after` ascending from it,
 * otherwise descending from `before` or the top, `limit` rows at most.
 */
function pageBounds(query: Pick<HistoryQuery, 'after' | 'before'>, scope: string, scopeParams: unknown[], limit: number) {
  const params = [...scopeParams];
  const conditions = [scope];
  if (query.after !== undefined) {
    params.push(query.after);
    conditions.push(`m.seq > $${params.length}`);
  }
  if (query.before !== undefined) {
    params.push(query.before);
    conditions.push(`m.seq < $${params.length}`);
  }
  params.push(limit);
  return { where: conditions.join(' AND '), order: query.after !== undefined ? 'ASC' : 'DESC', limit: `$${params.length}`, params };
}

/**
 * The messages' SQL: history for the readers, and the writer's statements, each run on the
 * transaction (`tx`) of the batch that owns the channel locks. The hot ones are named statements.
 */
@Injectable()
export class MessagesRepository {
  constructor(private readonly db: Database) {}

  /**
   * One page of a channel: with `after` ascending from it, otherwise descending from `before` or the
   * top; `limit` rows at most. One prepared statement per shape of the query (which bounds it has).
   */
  history(channelId: string, query: Pick<HistoryQuery, 'after' | 'before'>, limit: number, readerId: string): Promise<MessageRow[]> {
    const name = `history${query.after !== undefined ? '-after' : ''}${query.before !== undefined ? '-before' : ''}`;
    return this.readPage(name, 'm.channel_id = $1', channelId, readerId, query, limit);
  }

  /**
   * One page of a thread's replies, shaped like `history` (the root itself is not in it). The
   * partial index on (thread_root_id, seq) serves it.
   */
  threadHistory(rootId: string, query: Pick<HistoryQuery, 'after' | 'before'>, limit: number, readerId: string): Promise<MessageRow[]> {
    return this.readPage(null, 'm.thread_root_id = $1', rootId, readerId, query, limit);
  }

  /** One message as `readerId` reads it (reactions included). */
  async readOne(messageId: string, readerId: string): Promise<MessageRow | undefined> {
    const [row] = await this.readPage(null, 'm.id = $1', messageId, readerId, { after: undefined, before: undefined }, 1);
    return row;
  }

  /**
   * The messages a reader reads, with their reactions from the same statement (one round trip a
   * page): a lateral probe of the reactions' key per message, run only for the rows the LIMIT keeps.
   * `scope` names its id as `$1`; the reader is `$2`.
   */
  private readPage(
    name: string | null,
    scope: string,
    scopeId: string,
    readerId: string,
    query: Pick<HistoryQuery, 'after' | 'before'>,
    limit: number,
  ): Promise<MessageRow[]> {
    const page = pageBounds(query, scope, [scopeId, readerId], limit);
    const text = `SELECT ${MESSAGE_COLUMNS}, r.reactions, att.attachments
         FROM messages m JOIN users u ON u.id = m.author_id
         LEFT JOIN LATERAL ${ATTACHMENTS_LATERAL} ON true
         LEFT JOIN LATERAL (
           SELECT json_agg(json_build_object('emoji', x.emoji, 'count', x.n, 'me', x.me) ORDER BY x.first, x.emoji) AS reactions
             FROM (SELECT emoji, count(*)::int AS n, bool_or(user_id = $2) AS me, min(created_at) AS first
                     FROM message_reactions WHERE message_id = m.id GROUP BY emoji) x
         ) r ON true
        WHERE ${page.where}
        ORDER BY m.seq ${page.order}
        LIMIT ${page.limit}`;
    return name ? this.db.prepared<MessageRow>(name, text, page.params) : this.db.query<MessageRow>(text, page.params);
  }

  /**
   * Locks the channels in id order, so that concurrent batches cannot deadlock. NO KEY UPDATE:
   * serializes writers of a channel, yet lets inserts referencing it (joins) proceed.
   */
  lockChannels(tx: SqlExecutor, sortedIds: readonly string[]): Promise<LockedChannel[]> {
    return tx.prepared<LockedChannel>(
      'chat-lock-channels',
      'SELECT id, community_id, last_seq FROM channels WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE',
      [pgArrayLiteral(sortedIds)],
    );
  }

  /** Each (channel, user) pair's rights, one row per pair that exists, `ord` numbering the pairs from 1. */
  authorRights(tx: SqlExecutor, channelIds: readonly string[], userIds: readonly string[]): Promise<AuthorRightsRow[]> {
    return tx.prepared<AuthorRightsRow>(
      'chat-author-rights',
      `SELECT p.ord::int AS ord, u.username, (cm.user_id IS NOT NULL) AS in_community, (chm.user_id IS NOT NULL) AS in_channel,
              COALESCE(chm.authored_count, 0) AS last_author_seq
         FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS p (channel_id, user_id, ord)
         JOIN channels c ON c.id = p.channel_id
         JOIN users u ON u.id = p.user_id
         LEFT JOIN community_members cm ON cm.community_id = c.community_id AND cm.user_id = p.user_id
         LEFT JOIN channel_members chm ON chm.channel_id = p.channel_id AND chm.user_id = p.user_id`,
      [pgArrayLiteral(channelIds), pgArrayLiteral(userIds)],
    );
  }

  /** batch-sql.ts's INSERT_NEW_AND_MOVE_COUNTERS: rowValues then counterValues of the plan. */
  insertNewAndMoveCounters(tx: SqlExecutor, values: readonly unknown[]): Promise<ReturnedRow[]> {
    return tx.prepared<ReturnedRow>('chat-insert-new-messages', INSERT_NEW_AND_MOVE_COUNTERS, values);
  }

  /** batch-sql.ts's INSERT_FINDING_REPEATS: rowValues of the plan. */
  insertFindingRepeats(tx: SqlExecutor, rowValues: readonly unknown[]): Promise<ReturnedOrRepeat[]> {
    return tx.prepared<ReturnedOrRepeat>('chat-insert-messages', INSERT_FINDING_REPEATS, rowValues);
  }

  /** batch-sql.ts's MOVE_COUNTERS: counterValues of the plan. */
  async moveCounters(tx: SqlExecutor, counterValues: readonly unknown[]): Promise<void> {
    await tx.prepared('chat-move-counters', MOVE_COUNTERS, counterValues);
  }

  threadRoots(tx: SqlExecutor, ids: readonly string[]): Promise<ThreadRootRow[]> {
    return tx.query<ThreadRootRow>('SELECT id, channel_id, thread_root_id, reply_participants FROM messages WHERE id = ANY($1::uuid[])', [
      pgArrayLiteral(ids),
    ]);
  }

  /** Adds `added[i]` replies to root `ids[i]`, its participants now `participants[i]` (JSON text). */
  addReplies(tx: SqlExecutor, ids: readonly string[], added: readonly number[], participants: readonly string[]): Promise<ThreadSummaryRow[]> {
    return tx.query<ThreadSummaryRow>(
      `UPDATE messages m SET reply_count = m.reply_count + v.added, last_reply_at = now(), reply_participants = v.participants
         FROM unnest($1::uuid[], $2::int[], $3::jsonb[]) AS v (id, added, participants)
        WHERE m.id = v.id ${THREAD_SUMMARY_RETURNING}`,
      [pgArrayLiteral(ids), pgArrayLiteral(added), participants],
    );
  }

  /** A reply was deleted: its root counts one reply fewer. */
  async removeReply(tx: SqlExecutor, rootId: string): Promise<ThreadSummaryRow> {
    const [row] = await tx.query<ThreadSummaryRow>(
      `UPDATE messages m SET reply_count = m.reply_count - 1 WHERE m.id = $1 AND m.reply_count > 0 ${THREAD_SUMMARY_RETURNING}`,
      [rootId],
    );
    return row;
  }

  /** Roots' summaries as stored (for repeats of replies, which answer with the thread as it is now). */
  threadSummaries(tx: SqlExecutor, ids: readonly string[]): Promise<ThreadSummaryRow[]> {
    return tx.query<ThreadSummaryRow>(
      'SELECT id, channel_id, reply_count, last_reply_at, reply_participants FROM messages WHERE id = ANY($1::uuid[])',
      [pgArrayLiteral(ids)],
    );
  }

  async savepoint(tx: SqlExecutor, name: string): Promise<void> {
    await tx.query(`SAVEPOINT ${name}`);
  }

  async rollbackToSavepoint(tx: SqlExecutor, name: string): Promise<void> {
    await tx.query(`ROLLBACK TO SAVEPOINT ${name}`);
  }

  storedRepeats(tx: SqlExecutor, ids: readonly string[]): Promise<MessageRow[]> {
    return tx.prepared<MessageRow>(
      'chat-stored-repeats',
      `SELECT ${MESSAGE_COLUMNS}, att.attachments FROM messages m JOIN users u ON u.id = m.author_id
         LEFT JOIN LATERAL ${ATTACHMENTS_LATERAL} ON true WHERE m.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** The message an edit is about, locked for the rest of the transaction. */
  async lockForEdit(tx: SqlExecutor, messageId: string): Promise<EditedMessageRow | undefined> {
    const [row] = await tx.query<EditedMessageRow>(
      'SELECT channel_id, author_id, (deleted_at IS NOT NULL) AS deleted FROM messages WHERE id = $1 FOR UPDATE',
      [messageId],
    );
    return row;
  }

  async findById(tx: SqlExecutor, messageId: string): Promise<MessageRow | undefined> {
    const [row] = await tx.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS}, att.attachments FROM messages m JOIN users u ON u.id = m.author_id LEFT JOIN LATERAL ${ATTACHMENTS_LATERAL} ON true WHERE m.id = $1`,
      [messageId],
    );
    return row;
  }

  /** Modifies the content (and its mentions) or deletes (empties) the message; returns it as stored now. */
  async applyEdit(tx: SqlExecutor, chat: ModifyChatPayload | DeleteChatPayload, mentions?: ResolvedMentions): Promise<MessageRow> {
    const [set, params] =
      chat.chatType === 'modify'
        ? [
            'content = $2, edited_at = now(), mentioned_user_ids = $3::uuid[], mentions_all = $4',
            [chat.content, mentions && mentions.userIds.length > 0 ? pgArrayLiteral(mentions.userIds) : null, mentions?.channelWide ?? false],
          ]
        : [`content = '', deleted_at = now(), mentioned_user_ids = NULL, mentions_all = false`, []];
    const [row] = await tx.query<MessageRow>(
      `WITH m AS (UPDATE messages SET ${set} WHERE id = $1 RETURNING *)
       SELECT ${MESSAGE_COLUMNS}, att.attachments FROM m JOIN users u ON u.id = m.author_id LEFT JOIN LATERAL ${ATTACHMENTS_LATERAL} ON true`,
      [chat.messageId, ...params],
    );
    return row;
  }

  /**
   * Every other member who has not read up to a deleted message has one deleted message more above
   * their marker (see the channel-member-deleted-above-marker migration). One statement for all of a
   * batch's deletions, grouped by channel, so deleting many messages in a large channel updates each
   * member once. The markers are read from the updated rows themselves (the deletions come from the
   * parameters, not from another table), so a marker move that commits while this waits for a row is
   * seen here.
   */
  async countDeletionsAboveMarkers(tx: SqlExecutor, deletions: readonly Deletion[]): Promise<void> {
    if (deletions.length === 0) return;
    await tx.query(
      `UPDATE channel_members chm
          SET deleted_above_marker = chm.deleted_above_marker +
              (SELECT count(*) FROM unnest(g.seqs, g.author_ids) AS d (seq, author_id)
                WHERE d.seq > chm.last_read_seq AND d.author_id <> chm.user_id)
         FROM (SELECT d.channel_id, array_agg(d.seq) AS seqs, array_agg(d.author_id) AS author_ids, max(d.seq) AS top_seq
                 FROM unnest($1::uuid[], $2::bigint[], $3::uuid[]) AS d (channel_id, seq, author_id)
                GROUP BY d.channel_id) g
        WHERE chm.channel_id = g.channel_id AND chm.last_read_seq < g.top_seq`,
      [deletions.map((d) => d.channelId), deletions.map((d) => d.seq), deletions.map((d) => d.authorId)],
    );
  }
}
