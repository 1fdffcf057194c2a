import type { Message } from '@app/shared';

/** The columns every message query selects (`m` = messages, `u` = its author), and their mapping. */
export const MESSAGE_COLUMNS = `m.id, m.community_id, m.channel_id, m.seq, m.author_id, u.username AS author_username,
  m.content, m.client_msg_id, m.created_at, m.edited_at, m.deleted_at`;

export interface MessageRow {
  id: string;
  community_id: string;
  channel_id: string;
  seq: string;
  author_id: string;
  author_username: string;
  content: string;
  client_msg_id: string;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
}

export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    communityId: row.community_id,
    channelId: row.channel_id,
    seq: Number(row.seq),
    author: { id: row.author_id, username: row.author_username },
    // Deleted messages are stored emptied already; this guards rows deleted by other means.
    content: row.deleted_at ? '' : row.content,
    clientMsgId: row.client_msg_id,
    createdAt: row.created_at.toISOString(),
    editedAt: row.edited_at ? row.edited_at.toISOString() : null,
    deletedAt: row.deleted_at ? row.deleted_at.toISOString() : null,
  };
}
