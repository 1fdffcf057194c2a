import { useEffect } from 'react';
import { useChatClient, useChatState } from '../app/chat-context';

const AUTO_DISMISS_MS = 10_000;

/** Error toasts from the client library: every failure it meets ends up here, none is dropped. */
export function Notices() {
  const client = useChatClient();
  const { notices } = useChatState();

  useEffect(() => {
    const timers = notices.map((n) => setTimeout(() => client.dismissNotice(n.id), AUTO_DISMISS_MS));
    return () => timers.forEach(clearTimeout);
  }, [notices, client]);

  if (notices.length === 0) return null;
  return (
    <div className="toasts" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`toast toast-${n.level}`} role={n.level === 'error' ? 'alert' : undefined}>
          <span className="toast-icon" aria-hidden="true">
            {n.level === 'error' ? '!' : 'i'}
          </span>
          <span className="toast-text">{n.text}</span>
          <button className="toast-close" aria-label="Dismiss" onClick={() => client.dismissNotice(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
