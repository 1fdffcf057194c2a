import { useEffect, useState } from 'react';
import type { OutgoingMessage } from '@app/client';
import type { UserSummary } from '@app/shared';
import { useChatClient } from '../app/chat-context';
import { AttachmentList } from '../files/AttachmentList';
import { MessageContent } from '../formatting/MessageContent';
import { Avatar } from '../ui/Avatar';
import { formatTime } from '../ui/format';

/** Seconds until the next automatic retry, ticking, so "retrying" is visibly alive. */
function useCountdown(at: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [at]);
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** My message before the server confirmed it: pending, or failed with the reason and a Retry button. */
export function OutgoingRow({ entry, me }: { entry: OutgoingMessage; me: UserSummary }) {
  const client = useChatClient();
  const seconds = useCountdown(entry.nextRetryAt);
  const failed = entry.status === 'failed';

  return (
    <article className={`message outgoing ${failed ? 'failed' : 'pending'}`} data-testid="outgoing" data-status={entry.status}>
      <div className="message-gutter">
        <Avatar name={me.username} />
      </div>
      <div className="message-main">
        <div className="message-meta">
          <span className="message-author">{me.username}</span>
          <time dateTime={entry.createdAt}>{formatTime(entry.createdAt)}</time>
        </div>
        <div className="message-text">
          <MessageContent content={entry.content} />
        </div>
        {entry.attachments && <AttachmentList attachments={entry.attachments} />}
        {failed ? (
          <div className="send-status send-failed" role="alert">
            <span>
              Not sent: {entry.error?.message ?? 'unknown error'}
              {seconds !== null && ` · retrying in ${seconds}s`}
            </span>
            <button className="link-button" onClick={() => client.retry(entry.channelId, entry.clientMsgId)}>
              Retry
            </button>
            <button className="link-button link-muted" onClick={() => client.discard(entry.channelId, entry.clientMsgId)}>
              Discard
            </button>
          </div>
        ) : (
          <div className="send-status send-pending">Sending…</div>
        )}
      </div>
    </article>
  );
}
