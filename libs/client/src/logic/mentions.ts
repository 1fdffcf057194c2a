import type { ConversationKind, Message } from '@app/shared';
import { countUnread } from './message-merge';

/** Whether a stored message calls for me: by name, or the whole conversation (`@channel`, `@here`). */
export function mentionsMe(message: Message, myUserId: string): boolean {
  return message.mentionsChannel === true || (message.mentions?.includes(myUserId) ?? false);
}

/**
 * Mentions as the server counts them: unread messages (after the marker, not deleted, not mine)
 * that mention me; in a direct conversation every unread message is one.
 */
export function countMentions(messages: readonly Message[], lastReadSeq: number, myUserId: string, kind: ConversationKind): number {
  if (kind === 'dm') return countUnread(messages, lastReadSeq, myUserId);
  let count = 0;
  for (const message of messages) {
    if (message.seq > lastReadSeq && !message.deletedAt && message.author.id !== myUserId && mentionsMe(message, myUserId)) count++;
  }
  return count;
}
