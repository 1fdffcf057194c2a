import { validate, type Attachment, type ChatAck, type ChatPayload, type ErrorInfo, type Message } from '@app/shared';
import { ChatError, toChatError } from '../errors/chat-error';
import { newClientMsgId } from '../logic/client-msg-id';
import {
  createOutgoing,
  dueForRetry,
  markFailed,
  markSending,
  nextRetryTime,
  removeOutgoing,
  toResendOnReconnect,
  type OutgoingMessage,
} from '../logic/outbox';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../logic/retry-policy';
import type { ChannelSync } from './channel-sync';
import type { ClientContext } from './client-context';

/**
 * Sends my messages through the outbox: shown at once as pending, confirmed by the ack, retried
 * with the same clientMsgId after timeouts, transient failures and reconnects (the server is
 * idempotent on it), so a message is never lost and never stored twice.
 */
export class MessageSender {
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Latest attempt per clientMsgId: a late failure of an older attempt must not override a newer one. */
  private readonly attemptIds = new Map<string, number>();
  private attemptCounter = 0;

  constructor(
    private readonly ctx: ClientContext,
    private readonly channels: ChannelSync,
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {}

  /**
   * Queues a new message (a thread reply when `threadRootId` is given); throws a `validation_failed`
   * ChatError for content the server would refuse.
   */
  send(channelId: string, content: string, threadRootId?: string, attachments: Attachment[] = []): OutgoingMessage {
    const clientMsgId = newClientMsgId();
    const checked = validate.chatPayload({
      chatType: 'new',
      channelId,
      content,
      clientMsgId,
      ...(threadRootId ? { threadRootId } : {}),
      ...(attachments.length > 0 ? { attachments: attachments.map((a) => a.id) } : {}),
    });
    if (!checked.ok) throw ChatError.fromInfo(checked.error);
    const channel = this.requireChannel(channelId);
    const entry = createOutgoing(channelId, content.trim(), clientMsgId, new Date(), threadRootId, attachments);
    this.ctx.store.patchChannel(channel.id, (c) => ({ ...c, outbox: [...c.outbox, entry] }));
    void this.attempt(channelId, clientMsgId);
    return entry;
  }

  /** Manual retry of a failed message, same clientMsgId. */
  retry(channelId: string, clientMsgId: string): void {
    void this.attempt(channelId, clientMsgId);
  }

  discard(channelId: string, clientMsgId: string): void {
    this.ctx.store.patchChannel(channelId, (c) => ({ ...c, outbox: removeOutgoing(c.outbox, [clientMsgId]) }));
    this.attemptIds.delete(clientMsgId);
  }

  /** After a (re)connect of a community: resend whatever may not have reached the server. */
  flushCommunity(communityId: string): void {
    const state = this.ctx.store.getState();
    const community = state.communities.find((c) => c.id === communityId);
    for (const channelId of [...(community?.channelIds ?? []), ...(community?.dmIds ?? [])]) {
      for (const entry of toResendOnReconnect(state.channels[channelId]?.outbox ?? [])) void this.attempt(channelId, entry.clientMsgId);
    }
  }

  async edit(channelId: string, messageId: string, content: string): Promise<Message> {
    return this.emitChange({ chatType: 'modify', channelId, messageId, content }, 'modify');
  }

  async remove(channelId: string, messageId: string): Promise<Message> {
    return this.emitChange({ chatType: 'delete', channelId, messageId }, 'delete');
  }

  dispose(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private async attempt(channelId: string, clientMsgId: string): Promise<void> {
    const channel = this.ctx.store.channel(channelId);
    const entry = channel?.outbox.find((e) => e.clientMsgId === clientMsgId);
    if (!channel || !entry) return;
    const connection = this.ctx.connection(channel.communityId);
    if (!connection?.connected) {
      // Not counted as an attempt: it will go out as soon as the socket reconnects.
      this.fail(channelId, clientMsgId, { code: 'unavailable', message: 'Not connected — will send when the connection is back' }, false);
      return;
    }
    const attemptId = ++this.attemptCounter;
    this.attemptIds.set(clientMsgId, attemptId);
    this.ctx.store.patchChannel(channelId, (c) => ({ ...c, outbox: markSending(c.outbox, clientMsgId) }));

    let ack: ChatAck;
    try {
      const reply = entry.threadRootId ? { threadRootId: entry.threadRootId } : {};
      const files = entry.attachments ? { attachments: entry.attachments.map((a) => a.id) } : {};
      ack = await connection.emitChat({ chatType: 'new', channelId, content: entry.content, clientMsgId, ...reply, ...files });
    } catch (err) {
      if (this.attemptIds.get(clientMsgId) === attemptId) this.fail(channelId, clientMsgId, toChatError(err).toInfo(), true);
      return;
    }
    if (ack.written) {
      // Any attempt's success settles it: the server returns the same stored row for every retry.
      this.attemptIds.delete(clientMsgId);
      this.channels.applyStored(ack.chatInfo, 'new');
      this.ctx.store.patchChannel(channelId, (c) => ({ ...c, outbox: removeOutgoing(c.outbox, [clientMsgId]) }));
    } else if (this.attemptIds.get(clientMsgId) === attemptId) {
      this.fail(channelId, clientMsgId, ack.error, true);
    }
  }

  private fail(channelId: string, clientMsgId: string, error: ErrorInfo, scheduleRetry: boolean): void {
    this.ctx.store.patchChannel(channelId, (c) => {
      const failed = markFailed(c.outbox, clientMsgId, error, Date.now(), this.policy);
      return { ...c, outbox: scheduleRetry ? failed : failed.map((e) => (e.clientMsgId === clientMsgId ? { ...e, nextRetryAt: null } : e)) };
    });
    this.armRetryTimer();
  }

  /** One timer for all channels, set to the earliest automatic retry. */
  private armRetryTimer(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const channels = Object.values(this.ctx.store.getState().channels);
    const times = channels.map((c) => nextRetryTime(c.outbox)).filter((t): t is number => t !== null);
    if (times.length === 0) return;
    const delay = Math.max(0, Math.min(...times) - Date.now());
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      const now = Date.now();
      for (const channel of Object.values(this.ctx.store.getState().channels)) {
        for (const entry of dueForRetry(channel.outbox, now)) void this.attempt(channel.id, entry.clientMsgId);
      }
    }, delay);
  }

  private async emitChange(payload: ChatPayload, kind: 'modify' | 'delete'): Promise<Message> {
    const checked = validate.chatPayload(payload);
    if (!checked.ok) throw ChatError.fromInfo(checked.error);
    const channel = this.requireChannel(payload.channelId);
    const connection = this.ctx.connection(channel.communityId);
    if (!connection) throw ChatError.unavailable('Not connected to the chat server');
    const ack = await connection.emitChat(checked.value);
    if (!ack.written) throw ChatError.fromInfo(ack.error);
    this.channels.applyStored(ack.chatInfo, kind);
    return ack.chatInfo;
  }

  private requireChannel(channelId: string) {
    const channel = this.ctx.store.channel(channelId);
    if (!channel) throw new ChatError('not_found', 'Unknown channel');
    return channel;
  }
}
