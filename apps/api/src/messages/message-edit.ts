import type { DeleteChatPayload, InternalChatResult, ModifyChatPayload } from '@app/shared';
import type { EntityManager } from 'typeorm';
import { queryOne } from '../database/query-rows';
import { MESSAGE_COLUMNS, type MessageRow, toMessage } from './message-row';

/**
 * Modify or delete one message, inside the writer's channel transaction. Only the author may; a
 * message of another channel is not found. A deleted message is gone for `modify` (not_found) but
 * deleting it again answers with the stored deletion, so a client may retry a delete safely.
 */
export async function applyEdit(tx: EntityManager, userId: string, chat: ModifyChatPayload | DeleteChatPayload): Promise<InternalChatResult> {
  const current = await queryOne<{ channel_id: string; author_id: string; deleted: boolean }>(
    tx,
    'SELECT channel_id, author_id, (deleted_at IS NOT NULL) AS deleted FROM messages WHERE id = $1 FOR UPDATE',
    [chat.messageId],
  );
  if (!current || current.channel_id !== chat.channelId) {
    return { ok: false, error: { code: 'not_found', message: 'no such message in this channel' } };
  }
  if (current.author_id !== userId) {
    return { ok: false, error: { code: 'forbidden', message: `only the author may ${chat.chatType} a message` } };
  }
  if (current.deleted && chat.chatType === 'modify') {
    return { ok: false, error: { code: 'not_found', message: 'the message was deleted' } };
  }
  if (current.deleted) {
    const stored = await queryOne<MessageRow>(tx, `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id WHERE m.id = $1`, [
      chat.messageId,
    ]);
    return { ok: true, message: toMessage(stored!) };
  }
  const row =
    chat.chatType === 'modify'
      ? await queryOne<MessageRow>(tx, MODIFY_SQL, [chat.messageId, chat.content])
      : await queryOne<MessageRow>(tx, DELETE_SQL, [chat.messageId]);
  return { ok: true, message: toMessage(row!) };
}

const MODIFY_SQL = `WITH m AS (UPDATE messages SET content = $2, edited_at = now() WHERE id = $1 RETURNING *)
  SELECT ${MESSAGE_COLUMNS} FROM m JOIN users u ON u.id = m.author_id`;

/**
 * Every other member who has not read up to the message has one deleted message more above their
 * marker (see the channel-member-deleted-above-marker migration). The marker is a column of the
 * updated row, so a marker move that commits while this waits for the row is seen here.
 */
const DELETE_SQL = `WITH m AS (UPDATE messages SET content = '', deleted_at = now() WHERE id = $1 RETURNING *),
       counted AS (UPDATE channel_members chm SET deleted_above_marker = chm.deleted_above_marker + 1
                     FROM m WHERE chm.channel_id = m.channel_id AND chm.last_read_seq < m.seq AND chm.user_id <> m.author_id)
  SELECT ${MESSAGE_COLUMNS} FROM m JOIN users u ON u.id = m.author_id`;
