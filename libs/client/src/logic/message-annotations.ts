import type { Message, ReactionBroadcast, ReactionCount, ThreadUpdate } from '@app/shared';

/**
 * A message's reactions after a broadcast or an ack. The count is absolute (the server's), so the
 * same broadcast applied twice, or an ack and its broadcast, give the same result; `me` changes only
 * when the reactor is me.
 */
export function withReaction(message: Message, reaction: ReactionBroadcast, myUserId: string): Message {
  if (message.id !== reaction.messageId) return message;
  const current = message.reactions ?? [];
  const index = current.findIndex((r) => r.emoji === reaction.emoji);
  const previous = index >= 0 ? current[index] : undefined;
  const me = reaction.user.id === myUserId ? reaction.action === 'add' : (previous?.me ?? false);
  const next: ReactionCount[] = [...current];
  if (reaction.count <= 0) {
    if (index < 0) return message;
    next.splice(index, 1);
  } else if (previous) {
    if (previous.count === reaction.count && previous.me === me) return message;
    next[index] = { emoji: reaction.emoji, count: reaction.count, me };
  } else {
    next.push({ emoji: reaction.emoji, count: reaction.count, me });
  }
  const { reactions: _dropped, ...rest } = message;
  return next.length > 0 ? { ...rest, reactions: next } : rest;
}

/** The root with its new thread summary; other messages unchanged. */
export function withThreadUpdate(message: Message, update: ThreadUpdate): Message {
  if (message.id !== update.rootId) return message;
  const current = message.thread;
  // Summaries only grow in time: an older one arriving late (a history page in flight) is ignored.
  if (current && current.lastReplyAt > update.thread.lastReplyAt) return message;
  return { ...message, thread: update.thread };
}

/** Applies `fn` to every message of a list, returning the list itself when nothing changed. */
export function mapMessages(messages: Message[], fn: (m: Message) => Message): Message[] {
  let changed = false;
  const next = messages.map((m) => {
    const updated = fn(m);
    if (updated !== m) changed = true;
    return updated;
  });
  return changed ? next : messages;
}
