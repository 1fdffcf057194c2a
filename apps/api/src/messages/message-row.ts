import type { Attachment, Message, ReactionCount, ThreadSummary, UserSummary } from '@app/shared';

/** The columns every message query selects (`m` = messages, `u` = its author), and their mapping. */
export const MESSAGE_COLUMNS = `m.id, m.community_id, m.channel_id, m.seq, m.author_id, u.username AS author_username,
  m.content, m.client_msg_id, m.created_at, m.edited_at, m.deleted_at,
  m.thread_root_id, m.reply_count, m.last_reply_at, m.reply_participants, m.mentioned_user_ids, m.mentions_all`;

/**
 * A message's attachments, in the order given, for statements that select `m` (a messages row) with
 * `LEFT JOIN LATERAL ${'$'}{ATTACHMENTS_LATERAL} ON true`: one index probe of files_message_idx.
 */
export const ATTACHMENTS_LATERAL = `(
  SELECT json_agg(json_build_object('id', f.id, 'name', f.name, 'size', f.size, 'contentType', f.content_type,
                                    'width', f.width, 'height', f.height, 'thumbnail', f.thumbnail_key IS NOT NULL)
                  ORDER BY f.attach_position) AS attachments
    FROM files f WHERE f.message_id = m.id) att`;

/** An attachment as json_build_object gives it (nulls where a field does not apply). */
export interface AttachmentJson {
  id: string;
  name: string;
  size: number;
  contentType: string;
  width: number | null;
  height: number | null;
  thumbnail: boolean;
}

export function toAttachment(json: AttachmentJson): Attachment {
  const attachment: Attachment = { id: json.id, name: json.name, size: Number(json.size), contentType: json.contentType };
  if (json.width !== null && json.height !== null) Object.assign(attachment, { width: json.width, height: json.height });
  if (json.thumbnail) attachment.thumbnail = true;
  return attachment;
}

/** A thread root's summary columns. */
export interface ThreadColumns {
  reply_count: number;
  last_reply_at: Date | null;
  /** pg parses jsonb: the latest distinct repliers, newest first. */
  reply_participants: UserSummary[] | null;
}

export interface MessageRow extends ThreadColumns {
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
  thread_root_id: string | null;
  mentioned_user_ids: string[] | null;
  mentions_all: boolean;
  /** Statements that join ATTACHMENTS_LATERAL. */
  attachments?: AttachmentJson[] | null;
  /** Read pages only (see MessagesRepository's page queries): the reader's view of its reactions. */
  reactions?: ReactionCount[] | null;
}

/** The summary of a root that has had replies; undefined for every other message. */
export function toThreadSummary(row: ThreadColumns): ThreadSummary | undefined {
  if (!row.last_reply_at) return undefined;
  return { replyCount: row.reply_count, lastReplyAt: row.last_reply_at.toISOString(), participants: row.reply_participants ?? [] };
}

export function toMessage(row: MessageRow): Message {
  const message: Message = {
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
  // Additions are absent rather than null, so plain messages keep the contract's original shape.
  if (row.thread_root_id) message.threadRootId = row.thread_root_id;
  const thread = toThreadSummary(row);
  if (thread) message.thread = thread;
  if (row.reactions) message.reactions = row.reactions;
  if (row.mentioned_user_ids && row.mentioned_user_ids.length > 0) message.mentions = row.mentioned_user_ids;
  if (row.mentions_all) message.mentionsChannel = true;
  if (row.attachments && row.attachments.length > 0) message.attachments = row.attachments.map(toAttachment);
  return message;
}
