import { useEffect, useRef, useState } from 'react';
import type { Message, UserSummary } from '@app/shared';

/**
 * Reads new messages of others out to screen readers (a polite live region, visually hidden): the
 * newest one that arrived since the list was shown, as "alice: hello". History loaded on open or
 * paged in is not announced.
 */
export function LiveAnnouncer({ messages, me }: { messages: readonly Message[]; me: UserSummary }) {
  const [text, setText] = useState('');
  const seen = useRef<number | null>(null);
  const newest = messages.at(-1);

  useEffect(() => {
    if (!newest) return;
    if (seen.current === null) {
      seen.current = newest.seq;
      return;
    }
    if (newest.seq <= seen.current) return;
    seen.current = newest.seq;
    if (newest.author.id !== me.id && !newest.deletedAt) setText(`${newest.author.username}: ${newest.content}`);
  }, [newest, me.id]);

  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="live-announcer">
      {text}
    </div>
  );
}
