import type { ErrorInfo } from '@app/shared';
import { ChatError, isErrorInfo, toChatError } from '../errors/chat-error';
import { countMentions } from '../logic/mentions';
import { countUnread } from '../logic/message-merge';
import { highestContiguousSeq } from '../logic/seq-gaps';
import type { ClientContext } from './client-context';

/** Coalesces a burst of "I saw seq N" (scrolling, live messages) into one write per channel. */
const READ_DEBOUNCE_MS = 300;

/** Moves read markers forward: at once in the UI, then on the server (socket `read`, REST as fallback). */
export class ReadSync {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly sentSeq = new Map<string, number>();

  constructor(private readonly ctx: ClientContext) {}

  markRead(channelId: string, seq: number): void {
    if (!this.moveLocally(channelId, seq)) return;
    if (this.timers.has(channelId)) return;
    this.timers.set(
      channelId,
      setTimeout(() => {
        this.timers.delete(channelId);
        void this.flush(channelId);
      }, READ_DEBOUNCE_MS),
    );
  }

  /** My marker moved elsewhere (another tab or device): the counters follow, nothing is sent. */
  applyRemoteMarker(channelId: string, seq: number): void {
    this.moveLocally(channelId, seq);
    this.sentSeq.set(channelId, Math.max(this.sentSeq.get(channelId) ?? 0, seq));
  }

  /** Moves the marker forward in the store and recounts; false when it would not move. */
  private moveLocally(channelId: string, seq: number): boolean {
    const channel = this.ctx.store.channel(channelId);
    if (!channel || !channel.isMember || seq <= channel.lastReadSeq) return false;
    const meId = this.ctx.me().id;
    this.ctx.store.patchChannel(channelId, (c) => {
      const top = highestContiguousSeq(c.messages, c.windowFloorSeq);
      const unseenAboveWindow = Math.max(0, c.lastSeq - top);
      const unread = c.loaded ? countUnread(c.messages, seq, meId) + unseenAboveWindow : Math.max(0, c.unread - (seq - c.lastReadSeq));
      // Mentions above the window are unknown until the next count from the server; none remain once all is read.
      const mentions = c.loaded
        ? countMentions(c.messages, seq, meId, c.kind) + (c.kind === 'dm' ? unseenAboveWindow : 0)
        : seq >= c.lastSeq
          ? 0
          : Math.min(c.mentions, unread);
      return { ...c, lastReadSeq: seq, unread, mentions };
    });
    return true;
  }

  /** The membership is gone (left, removed): the marker it had is not the server's any more. */
  forget(channelId: string): void {
    clearTimeout(this.timers.get(channelId));
    this.timers.delete(channelId);
    this.sentSeq.delete(channelId);
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
  }

  private async flush(channelId: string): Promise<void> {
    const channel = this.ctx.store.channel(channelId);
    if (!channel) return;
    const seq = channel.lastReadSeq;
    if ((this.sentSeq.get(channelId) ?? 0) >= seq) return;
    try {
      const lastReadSeq = await this.write(channel.communityId, channelId, seq);
      this.sentSeq.set(channelId, Math.max(seq, lastReadSeq));
    } catch (err) {
      this.ctx.reportError(toChatError(err), 'Could not save your read position');
    }
  }

  private async write(communityId: string, channelId: string, seq: number): Promise<number> {
    const connection = this.ctx.connection(communityId);
    if (connection?.connected) {
      try {
        const ack = await connection.emitRead(channelId, seq);
        if ('lastReadSeq' in ack) return ack.lastReadSeq;
        throw ChatError.fromInfo(readError(ack.error));
      } catch (err) {
        // A lost socket ack is not final: REST may still get through.
        if (toChatError(err).code !== 'unavailable') throw err;
      }
    }
    return (await this.ctx.rest.markRead(channelId, seq)).lastReadSeq;
  }
}

function readError(error: unknown): ErrorInfo {
  return isErrorInfo(error) ? error : { code: 'internal_error', message: 'The read marker was refused' };
}
