import { useEffect, useState } from 'react';
import type { CommunityState } from '@app/client';

/** A first connect usually takes a moment: say nothing unless it takes longer than this. */
const CONNECTING_QUIET_MS = 1500;

/** Says plainly when live updates are off, so nobody waits for messages that cannot arrive. */
export function ConnectionBanner({ community }: { community: CommunityState }) {
  const { connection, connectionError } = community;
  const [patienceOver, setPatienceOver] = useState(false);

  useEffect(() => {
    setPatienceOver(false);
    if (connection !== 'connecting') return;
    const timer = setTimeout(() => setPatienceOver(true), CONNECTING_QUIET_MS);
    return () => clearTimeout(timer);
  }, [connection]);

  if (connection === 'connected' || connection === 'closed') return null;
  if (connection === 'connecting' && !patienceOver) return null;
  const failed = connection === 'failed';
  const text =
    connection === 'connecting'
      ? 'Connecting to the chat server…'
      : failed
        ? `Not connected: ${connectionError?.message ?? 'the chat server refused the connection'}`
        : `Reconnecting… ${connectionError?.message ?? ''}. Messages you send will go out when the connection is back.`;
  return (
    <div className={`conn-banner ${failed ? 'conn-banner-error' : 'conn-banner-warn'}`} role="status">
      {text}
    </div>
  );
}
