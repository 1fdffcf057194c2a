import type { DeleteChatPayload, InternalChatResult, ModifyChatPayload } from '@app/shared';
import type { SqlExecutor } from '../database/sql-executor';
import { resolveMentions } from './mention-resolver';
import { toMessage, toThreadSummary } from './message-row';
import type { Deletion, MessagesRepository } from './messages.repository';

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
export async function applyEdit(
  messages: MessagesRepository,
  tx: SqlExecutor,
  command: { userId: string; communityId: string; chat: ModifyChatPayload | DeleteChatPayload },
): Promise<EditOutcome> {
  const { userId, chat } = command;
  const current = await messages.lockForEdit(tx, chat.messageId);
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
    const stored = await messages.findById(tx, chat.messageId);
    return { result: { ok: true, message: toMessage(stored!) } };
  }
  // An edit replaces the mentions: the new text decides who is named.
  const [mentions] = chat.chatType === 'modify' ? await resolveMentions(tx, [{ communityId: command.communityId, content: chat.content }]) : [];
  const message = toMessage(await messages.applyEdit(tx, chat, mentions));
  if (chat.chatType === 'modify') return { result: { ok: true, message } };
  const result: InternalChatResult = { ok: true, message };
  // A deleted reply leaves its thread: the root counts it no more (the root's row is under the channel's lock too).
  if (message.threadRootId) {
    const root = await messages.removeReply(tx, message.threadRootId);
    const thread = root && toThreadSummary(root);
    if (thread) result.thread = { channelId: root.channel_id, rootId: root.id, thread };
  }
  return { result, deletion: { channelId: message.channelId, seq: message.seq, authorId: message.author.id } };
}
