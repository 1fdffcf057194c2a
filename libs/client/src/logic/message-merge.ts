import type { Message } from '@app/shared';

export interface MergeResult {
  /** Ascending by seq, one entry per seq. The input array itself when nothing changed. */
  messages: Message[];
  /** Seqs not present before the merge (what unread counting and gap detection care about). */
  added: Message[];
  changed: boolean;
}

function editTime(message: Message): number {
  return message.editedAt ? Date.parse(message.editedAt) : 0;
}

/**
 * Of two copies of the same stored message, the one to keep. A delete is final; otherwise the later
 * edit wins; on a tie the incoming copy wins (it is at least as fresh as what we had).
 */
export function newerVersion(current: Message, incoming: Message): Message {
  if (current.deletedAt && !incoming.deletedAt) return current;
  if (incoming.deletedAt && !current.deletedAt) return incoming;
  return editTime(incoming) >= editTime(current) ? incoming : current;
}

function sameVersion(a: Message, b: Message): boolean {
  return a.id === b.id && a.content === b.content && a.editedAt === b.editedAt && a.deletedAt === b.deletedAt;
}

/**
 * Merges stored messages of one channel. Broadcasts, acks, history pages and gap fills can deliver
 * the same message several times and out of order; seq is unique per channel, so it is the key.
 */
export function mergeMessages(existing: readonly Message[], incoming: readonly Message[]): MergeResult {
  if (incoming.length === 0) return { messages: existing as Message[], added: [], changed: false };

  const bySeq = new Map<number, Message>();
  for (const message of existing) bySeq.set(message.seq, message);

  const added: Message[] = [];
  let changed = false;
  for (const message of incoming) {
    const current = bySeq.get(message.seq);
    if (!current) {
      bySeq.set(message.seq, message);
      added.push(message);
      changed = true;
      continue;
    }
    const kept = newerVersion(current, message);
    if (kept !== current && !sameVersion(kept, current)) {
      bySeq.set(message.seq, kept);
      changed = true;
    }
  }
  if (!changed) return { messages: existing as Message[], added: [], changed: false };

  const messages = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  added.sort((a, b) => a.seq - b.seq);
  return { messages, added, changed };
}

/** Unread as the contract defines it: after the read marker, not deleted, not written by me. */
export function countUnread(messages: readonly Message[], lastReadSeq: number, myUserId: string): number {
  let count = 0;
  for (const message of messages) {
    if (message.seq > lastReadSeq && !message.deletedAt && message.author.id !== myUserId) count++;
  }
  return count;
}
