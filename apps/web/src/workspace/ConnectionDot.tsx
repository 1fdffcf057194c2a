import type { ConnectionStatus } from '@app/client';

const LABELS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  failed: 'Not connected',
  closed: 'Closed',
};

/** Live status of the community's socket, with the reason as a tooltip. */
export function ConnectionDot({ status, error }: { status: ConnectionStatus; error?: string }) {
  const label = LABELS[status];
  return <span className={`conn-dot conn-${status}`} title={error ? `${label} — ${error}` : label} aria-label={label} role="img" />;
}
