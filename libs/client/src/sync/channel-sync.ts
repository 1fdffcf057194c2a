import { LIMITS, type Message } from '@app/shared';
import { toChatError } from '../errors/chat-error';
import { countMentions, mentionsMe } from '../logic/mentions';
import { countUnread, mergeMessages } from '../logic/message-merge';
import { reconcileWithStored } from '../logic/outbox';
import { floorOfPage, gapToFill, highestContiguousSeq } from '../logic/seq-gaps';
import type { ChannelState } from '../store/chat-state';
import type { ClientContext } from './client-context';

/** Out-of-order arrivals (an ack before the broadcast of the seq below it) settle within this delay. */
const GAP_SETTLE_MS = 250;

/**
 * Keeps each opened channel's message window complete and in order: history on open, older pages,
 * live broadcasts, and gap fills when a seq is skipped or after a reconnect.
 */
export class ChannelSync {
  private readonly gapTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly filling = new Map<string, Promise<void>>();

  /** `onStored`: told of every stored message applied live (broadcasts and acks), e.g. for the open thread. */
  constructor(
    private readonly ctx: ClientContext,
    private readonly onStored: (message: Message) => void = () => undefined,
  ) {}

  /** Loads the newest page the first time a channel is shown. */
  async open(channelId: string): Promise<void> {
    const channel = this.ctx.store.channel(channelId);
    if (!channel || channel.loaded || channel.loading || !channel.isMember) return;
    this.patch(channelId, (c) => ({ ...c, loading: true, loadError: undefined }));
    try {
      const page = await this.ctx.rest.history(channelId, { limit: LIMITS.historyDefaultLimit });
      const opened = { loaded: true, loading: false, hasMoreBefore: page.hasMore, windowFloorSeq: floorOfPage(page.messages) };
      this.patch(channelId, (c) => this.withMessages({ ...c, ...opened }, page.messages));
      this.scheduleGapCheck(channelId, 0);
    } catch (err) {
      const error = toChatError(err);
      this.patch(channelId, (c) => ({ ...c, loading: false, loadError: error.toInfo() }));
      this.ctx.reportError(error, 'Could not load messages');
    }
  }

  /**
   * Shows the channel around a seq (a search hit): when it is not in the loaded window, the window
   * becomes the page around it, and the usual gap fill brings what is newer. Resolves once loaded.
   */
  async openAt(channelId: string, seq: number): Promise<void> {
    const channel = this.ctx.store.channel(channelId);
    if (!channel || !channel.isMember) return;
    if (channel.loaded && channel.messages.some((m) => m.seq === seq) && channel.windowFloorSeq < seq) return;
    this.patch(channelId, (c) => ({ ...c, loading: true, loadError: undefined }));
    try {
      const page = await this.ctx.rest.history(channelId, { around: seq, limit: LIMITS.historyDefaultLimit });
      this.patch(channelId, (c) => ({
        ...c,
        loading: false,
        loaded: true,
        messages: page.messages,
        hasMoreBefore: page.hasMore,
        windowFloorSeq: floorOfPage(page.messages),
      }));
      this.scheduleGapCheck(channelId, 0);
    } catch (err) {
      const error = toChatError(err);
      this.patch(channelId, (c) => ({ ...c, loading: false, loadError: error.toInfo() }));
      this.ctx.reportError(error, 'Could not load messages');
    }
  }

  async loadOlder(channelId: string): Promise<void> {
    const channel = this.ctx.store.channel(channelId);
    if (!channel?.loaded || channel.loadingOlder || !channel.hasMoreBefore || channel.messages.length === 0) return;
    this.patch(channelId, (c) => ({ ...c, loadingOlder: true }));
    try {
      const page = await this.ctx.rest.history(channelId, { before: channel.messages[0].seq, limit: LIMITS.historyDefaultLimit });
      const floor = (c: ChannelState) => (page.messages.length > 0 ? Math.min(c.windowFloorSeq, floorOfPage(page.messages)) : c.windowFloorSeq);
      this.patch(channelId, (c) =>
        this.withMessages({ ...c, loadingOlder: false, hasMoreBefore: page.hasMore, windowFloorSeq: floor(c) }, page.messages),
      );
    } catch (err) {
      this.patch(channelId, (c) => ({ ...c, loadingOlder: false }));
      this.ctx.reportError(toChatError(err), 'Could not load older messages');
    }
  }

  /** A stored message from a broadcast or my own ack. */
  applyStored(message: Message, kind: 'new' | 'modify' | 'delete'): void {
    const channel = this.ctx.store.channel(message.channelId);
    if (!channel) return;
    const meId = this.ctx.me().id;
    const fromOther = message.author.id !== meId;
    this.patch(channel.id, (c) => {
      let next = c;
      if (c.loaded) next = this.withMessages(c, [message]);
      else if (kind === 'new' && message.seq > c.lastSeq && fromOther && message.seq > c.lastReadSeq) {
        // Not opened: only counters are kept; a skipped seq is corrected by the next unread refresh.
        const mention = c.kind === 'dm' || mentionsMe(message, meId);
        next = { ...c, unread: c.unread + 1, mentions: c.mentions + (mention ? 1 : 0) };
      } else if (kind === 'delete' && fromOther && message.seq > c.lastReadSeq) {
        next = { ...c, unread: Math.max(0, c.unread - 1) };
      }
      if (message.seq > next.lastSeq) next = { ...next, lastSeq: message.seq };
      if (kind === 'new' && fromOther) next = { ...next, typing: next.typing.filter((t) => t.user.id !== message.author.id) };
      if (!fromOther) next = { ...next, outbox: reconcileWithStored(next.outbox, [message], meId) };
      return next;
    });
    this.onStored(message);
    this.scheduleGapCheck(channel.id, GAP_SETTLE_MS);
  }

  /** After a reconnect: anything newer than the window's contiguous top may have been missed. */
  async catchUp(channelId: string): Promise<void> {
    const channel = this.ctx.store.channel(channelId);
    if (!channel?.loaded) return;
    await this.fill(channelId, true);
  }

  /** The server reported a newer lastSeq (channel list or unread refresh). */
  noteLastSeq(channelId: string, lastSeq: number): void {
    this.patch(channelId, (c) => (lastSeq > c.lastSeq ? { ...c, lastSeq } : c));
    this.scheduleGapCheck(channelId, 0);
  }

  dispose(): void {
    this.gapTimers.forEach((t) => clearTimeout(t));
    this.gapTimers.clear();
  }

  private scheduleGapCheck(channelId: string, delayMs: number): void {
    const channel = this.ctx.store.channel(channelId);
    if (!channel?.loaded || this.gapTimers.has(channelId)) return;
    if (!gapToFill(highestContiguousSeq(channel.messages, channel.windowFloorSeq), channel.lastSeq)) return;
    this.gapTimers.set(
      channelId,
      setTimeout(() => {
        this.gapTimers.delete(channelId);
        void this.fill(channelId, false);
      }, delayMs),
    );
  }

  /** Pages forward with `?after=` until the gap is closed (or, for a catch-up, until the end). */
  private fill(channelId: string, toTheEnd: boolean): Promise<void> {
    const running = this.filling.get(channelId);
    if (running) return running.then(() => this.fill(channelId, toTheEnd));
    const task = this.fillLoop(channelId, toTheEnd).finally(() => this.filling.delete(channelId));
    this.filling.set(channelId, task);
    return task;
  }

  private async fillLoop(channelId: string, toTheEnd: boolean): Promise<void> {
    try {
      for (let page = 0; page < 50; page++) {
        const channel = this.ctx.store.channel(channelId);
        if (!channel?.loaded) return;
        const top = highestContiguousSeq(channel.messages, channel.windowFloorSeq);
        if (!toTheEnd && !gapToFill(top, channel.lastSeq)) return;
        const result = await this.ctx.rest.history(channelId, { after: top, limit: LIMITS.historyMaxLimit });
        this.patch(channelId, (c) => this.withMessages(c, result.messages));
        if (!result.hasMore && (toTheEnd || result.messages.length === 0)) return;
      }
    } catch (err) {
      this.ctx.reportError(toChatError(err), 'Could not load missed messages');
    }
  }

  /** Merges stored messages into a loaded channel and recomputes what follows from them. */
  private withMessages(channel: ChannelState, incoming: Message[]): ChannelState {
    const meId = this.ctx.me().id;
    const merged = mergeMessages(channel.messages, incoming);
    if (!merged.changed) return channel;
    const messages = merged.messages;
    const newest = messages.length > 0 ? messages[messages.length - 1].seq : 0;
    const lastSeq = Math.max(channel.lastSeq, newest);
    const top = highestContiguousSeq(messages, channel.windowFloorSeq);
    // Exact when the window covers everything after the read marker; otherwise count what is new.
    const covers = channel.windowFloorSeq <= channel.lastReadSeq && top >= lastSeq;
    const fresh = covers ? [] : merged.added.filter((m) => m.seq > channel.lastSeq);
    const unread = covers ? countUnread(messages, channel.lastReadSeq, meId) : channel.unread + countUnread(fresh, channel.lastReadSeq, meId);
    const mentions = covers
      ? countMentions(messages, channel.lastReadSeq, meId, channel.kind)
      : channel.mentions + countMentions(fresh, channel.lastReadSeq, meId, channel.kind);
    return { ...channel, messages, lastSeq, unread, mentions, outbox: reconcileWithStored(channel.outbox, merged.added, meId) };
  }

  private patch(channelId: string, fn: (c: ChannelState) => ChannelState): void {
    this.ctx.store.patchChannel(channelId, fn);
  }
}
