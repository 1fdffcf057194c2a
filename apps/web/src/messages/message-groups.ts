import type { Message } from '@app/shared';
import { dayKey } from '../ui/format';

/** Messages of one author within this window are shown as one block, name and avatar once. */
const GROUP_WINDOW_MS = 5 * 60 * 1000;

export interface ListLayoutItem {
  message: Message;
  /** Starts a new day: draw a date divider above. */
  newDay: boolean;
  /** Same author as the previous message, shortly after: no avatar or name. */
  compact: boolean;
  /** First message that was unread when the channel was opened: draw the "New" divider above. */
  firstUnread: boolean;
}

/** `unreadAtOpen`: seqs in (after, upTo] were unread when the channel was opened; later ones were seen live. */
export function layoutMessages(messages: readonly Message[], unreadAtOpen: { after: number; upTo: number }, myUserId: string): ListLayoutItem[] {
  let unreadMarked = false;
  return messages.map((message, i) => {
    const prev = messages[i - 1];
    const newDay = !prev || dayKey(prev.createdAt) !== dayKey(message.createdAt);
    const firstUnread =
      !unreadMarked &&
      message.seq > unreadAtOpen.after &&
      message.seq <= unreadAtOpen.upTo &&
      message.author.id !== myUserId &&
      !message.deletedAt;
    if (firstUnread) unreadMarked = true;
    const compact =
      !!prev &&
      !newDay &&
      !firstUnread &&
      prev.author.id === message.author.id &&
      !prev.deletedAt &&
      Date.parse(message.createdAt) - Date.parse(prev.createdAt) < GROUP_WINDOW_MS;
    return { message, newDay, compact, firstUnread };
  });
}
