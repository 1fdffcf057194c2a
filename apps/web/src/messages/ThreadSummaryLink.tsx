import type { ThreadSummary } from '@app/shared';
import { Avatar } from '../ui/Avatar';
import { formatFull, formatTime } from '../ui/format';

interface Props {
  thread: ThreadSummary;
  onOpen(): void;
}

/** Under a thread root: who replied, how many replies, when the last came; opens the thread. */
export function ThreadSummaryLink({ thread, onOpen }: Props) {
  const replies = `${thread.replyCount} ${thread.replyCount === 1 ? 'reply' : 'replies'}`;
  return (
    <button type="button" className="thread-summary" onClick={onOpen} aria-label={`Open thread, ${replies}`}>
      <span className="thread-avatars" aria-hidden="true">
        {thread.participants.map((p) => (
          <Avatar key={p.id} name={p.username} size="sm" />
        ))}
      </span>
      <span className="thread-count">{replies}</span>
      <time className="muted" dateTime={thread.lastReplyAt} title={formatFull(thread.lastReplyAt)}>
        Last reply {formatTime(thread.lastReplyAt)}
      </time>
    </button>
  );
}
