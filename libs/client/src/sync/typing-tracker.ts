import type { TypingBroadcast } from '@app/shared';
import type { ClientContext } from './client-context';

export interface TypingOptions {
  /** At most one `typing` emit per channel per this interval. Default 2500 ms. */
  emitIntervalMs?: number;
  /** How long "x is typing" stays without a refresh. Default 6000 ms (over two emit intervals). */
  showForMs?: number;
}

/** Both sides of the typing hint: throttled emits, and expiring "is typing" entries per channel. */
export class TypingTracker {
  private readonly lastEmit = new Map<string, number>();
  private pruneTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly emitIntervalMs: number;
  private readonly showForMs: number;

  constructor(
    private readonly ctx: ClientContext,
    options: TypingOptions = {},
  ) {
    this.emitIntervalMs = options.emitIntervalMs ?? 2500;
    this.showForMs = options.showForMs ?? 6000;
  }

  /** Call on every keystroke; emits only when the interval has passed. */
  notifyTyping(channelId: string): void {
    const channel = this.ctx.store.channel(channelId);
    if (!channel) return;
    const now = Date.now();
    if (now - (this.lastEmit.get(channelId) ?? 0) < this.emitIntervalMs) return;
    this.lastEmit.set(channelId, now);
    this.ctx.connection(channel.communityId)?.emitTyping(channelId);
  }

  /** After sending, the next keystroke should announce typing again at once. */
  resetThrottle(channelId: string): void {
    this.lastEmit.delete(channelId);
  }

  onTyping({ channelId, user }: TypingBroadcast): void {
    if (user.id === this.ctx.me().id) return;
    const until = Date.now() + this.showForMs;
    this.ctx.store.patchChannel(channelId, (c) => ({
      ...c,
      typing: [...c.typing.filter((t) => t.user.id !== user.id), { user, until }],
    }));
    this.armPrune();
  }

  dispose(): void {
    if (this.pruneTimer) clearTimeout(this.pruneTimer);
    this.pruneTimer = null;
  }

  private armPrune(): void {
    if (this.pruneTimer) return;
    this.pruneTimer = setTimeout(() => {
      this.pruneTimer = null;
      const now = Date.now();
      let remaining = false;
      for (const channel of Object.values(this.ctx.store.getState().channels)) {
        if (channel.typing.length === 0) continue;
        const typing = channel.typing.filter((t) => t.until > now);
        if (typing.length !== channel.typing.length) this.ctx.store.patchChannel(channel.id, (c) => ({ ...c, typing }));
        if (typing.length > 0) remaining = true;
      }
      if (remaining) this.armPrune();
    }, 1000);
  }
}
