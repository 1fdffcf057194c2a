import type { DeleteChatPayload, InternalChatResult, ModifyChatPayload } from '@app/shared';
import type { EntityManager } from 'typeorm';
import { queryOne } from '../database/query-rows';
import { MESSAGE_COLUMNS, type MessageRow, toMessage } from './message-row';

/** A message this transaction has just marked deleted. */
export interface Deletion {
  channelId: string;
  seq: number;
  authorId: string;
}

export interface EditOutcome {
  result: InternalChatResult;
  /** Set when this edit deleted the message (not when it was deleted already). */
  deletion?: Deletion;
}

/**
 * Modify or delete one message, inside the writer's channel transaction. Only the author may; a
 * message of another channel is not found. A deleted message is gone for `modify` (not_found) but
 * deleting it again answers with the stored deletion, so a client may retry a delete safely.
 */
export async function applyEdit(tx: EntityManager, userId: string, chat: ModifyChatPayload | DeleteChatPayload): Promise<EditOutcome> {
  const current = await queryOne<{ channel_id: string; author_id: string; deleted: boolean }>(
    tx,
    'SELECT channel_id, author_id, (deleted_at IS NOT NULL) AS deleted FROM messages WHERE id = $1 FOR UPDATE',
    [chat.messageId],
  );
  if (!current || current.channel_id !== chat.channelId) {
    return { result: { ok: false, error: { code: 'not_found', message: 'no such message in this channel' } } };
  }
  if (current.author_id !== userId) {
    return { result: { ok: false, error: { code: 'forbidden', message: `only the author may ${chat.chatType} a message` } } };
  }
  if (current.deleted && chat.chatType === 'modify') {
    return { result: { ok: false, error: { code: 'not_found', message: 'the message was deleted' } } };
  }
  if (current.deleted) {
    const stored = await queryOne<MessageRow>(tx, `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id WHERE m.id = $1`, [
      chat.messageId,
    ]);
    return { result: { ok: true, message: toMessage(stored!) } };
  }
  const [set, params] =
    chat.chatType === 'modify' ? ['content = $2, edited_at = now()', [chat.content]] : [`content = '', deleted_at = now()`, []];
  const row = await queryOne<MessageRow>(
    tx,
    `WITH m AS (UPDATE messages SET ${set} WHERE id = $1 RETURNING *)
     SELECT ${MESSAGE_COLUMNS} FROM m JOIN users u ON u.id = m.author_id`,
    [chat.messageId, ...params],
  );
  const message = toMessage(row!);
  const deletion = chat.chatType === 'delete' ? { channelId: message.channelId, seq: message.seq, authorId: message.author.id } : undefined;
  return { result: { ok: true, message }, deletion };
}

/**
 * Every other member who has not read up to a deleted message has one deleted message more above
 * their marker (see the channel-member-deleted-above-marker migration). One statement for all of a
 * batch's deletions, grouped by channel, so deleting many messages in a large channel updates each
 * member once. The markers are read from the updated rows themselves (the deletions come from the
 * parameters, not from another table), so a marker move that commits while this waits for a row is
 * seen here.
 */
export async function countDeletionsAboveMarkers(tx: EntityManager, deletions: readonly Deletion[]): Promise<void> {
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
