/** A pending "show this message" for a channel's list: set before the channel is shown, taken once by it. */
let pending: { channelId: string; seq: number } | null = null;

export function requestJump(channelId: string, seq: number): void {
  pending = { channelId, seq };
}

/** The seq to show in this channel, if one was asked for; taking it clears it. */
export function takeJump(channelId: string): number | null {
  if (!pending || pending.channelId !== channelId) return null;
  const { seq } = pending;
  pending = null;
  return seq;
}
