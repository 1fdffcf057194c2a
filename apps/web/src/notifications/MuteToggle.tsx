import { setMuted, useMuted } from './mute-store';

/** Per conversation: no desktop notifications from it (its badges still count). */
export function MuteToggle({ channelId }: { channelId: string }) {
  const muted = useMuted(channelId);
  return (
    <button className="btn btn-small btn-ghost" aria-pressed={muted} onClick={() => setMuted(channelId, !muted)}>
      {muted ? 'Unmute' : 'Mute'}
    </button>
  );
}
