import { LIMITS, type Message, type ReactionBroadcast, type ThreadUpdate, validate } from '@app/shared';
import { ChatError, toChatError } from '../errors/chat-error';
import { mapMessages, withReaction, withThreadUpdate } from '../logic/message-annotations';
import { mergeMessages } from '../logic/message-merge';
import type { ChannelState, ThreadState } from '../store/chat-state';
import type { ClientContext } from './client-context';

/**
 * Threads and reactions around the channel's messages: the thread open beside a channel (loaded
 * from the thread route, kept live by the room's broadcasts) and reactions, applied from acks and
 * broadcasts alike (their counts are absolute, so applying both is harmless).
 */
export class ConversationSync {
  constructor(private readonly ctx: ClientContext) {}

  async openThread(channelId: string, rootId: string): Promise<void> {
    const channel = this.ctx.store.channel(channelId);
    if (!channel) return;
    if (channel.thread?.rootId === rootId && (channel.thread.loading || channel.thread.root)) return;
    const root = channel.messages.find((m) => m.id === rootId);
    this.patch(channelId, (c) => ({ ...c, thread: { rootId, root, replies: [], loading: true, hasMoreBefore: false } }));
    try {
      const page = await this.ctx.rest.thread(channelId, rootId, { limit: LIMITS.historyMaxLimit });
      this.patchThread(channelId, rootId, (t) => ({
        ...t,
        root: page.root,
        replies: mergeMessages(t.replies, page.messages).messages,
        loading: false,
        hasMoreBefore: page.hasMore,
      }));
    } catch (err) {
      const error = toChatError(err);
      this.patchThread(channelId, rootId, (t) => ({ ...t, loading: false, loadError: error.toInfo() }));
      this.ctx.reportError(error, 'Could not load the thread');
    }
  }

  async loadOlderReplies(channelId: string): Promise<void> {
    const thread = this.ctx.store.channel(channelId)?.thread;
    if (!thread || thread.loading || !thread.hasMoreBefore || thread.replies.length === 0) return;
    const rootId = thread.rootId;
    try {
      const page = await this.ctx.rest.thread(channelId, rootId, { before: thread.replies[0].seq, limit: LIMITS.historyMaxLimit });
      this.patchThread(channelId, rootId, (t) => ({
        ...t,
        replies: mergeMessages(t.replies, page.messages).messages,
        hasMoreBefore: page.hasMore,
      }));
    } catch (err) {
      this.ctx.reportError(toChatError(err), 'Could not load older replies');
    }
  }

  closeThread(channelId: string): void {
    this.patch(channelId, (c) => (c.thread ? { ...c, thread: undefined } : c));
  }

  /** A stored message of the channel (broadcast, ack or gap fill): a reply of the open thread joins it, its root follows edits. */
  applyStored(message: Message): void {
    const thread = this.ctx.store.channel(message.channelId)?.thread;
    if (!thread) return;
    if (message.threadRootId === thread.rootId) {
      this.patchThread(message.channelId, thread.rootId, (t) => {
        const merged = mergeMessages(t.replies, [message]);
        return merged.changed ? { ...t, replies: merged.messages } : t;
      });
    } else if (message.id === thread.rootId) {
      // Edits and deletes of the root carry no summary: keep the one we have.
      this.patchThread(message.channelId, thread.rootId, (t) => ({ ...t, root: { ...message, thread: t.root?.thread ?? message.thread } }));
    }
  }

  applyThreadUpdate(update: ThreadUpdate): void {
    this.patch(update.channelId, (c) => {
      const messages = mapMessages(c.messages, (m) => withThreadUpdate(m, update));
      const root = c.thread?.root && withThreadUpdate(c.thread.root, update);
      if (messages === c.messages && root === c.thread?.root) return c;
      return { ...c, messages, thread: c.thread && { ...c.thread, root } };
    });
  }

  applyReaction(reaction: ReactionBroadcast): void {
    const meId = this.ctx.me().id;
    const apply = (m: Message) => withReaction(m, reaction, meId);
    this.patch(reaction.channelId, (c) => {
      const messages = mapMessages(c.messages, apply);
      const thread = c.thread && this.reactInThread(c.thread, apply);
      if (messages === c.messages && thread === c.thread) return c;
      return { ...c, messages, thread };
    });
  }

  /** Adds or removes my reaction; the change shows from the ack, and other members see it from the broadcast. */
  async react(channelId: string, messageId: string, emoji: string, action: 'add' | 'remove'): Promise<void> {
    const checked = validate.reactPayload({ channelId, messageId, emoji, action });
    if (!checked.ok) throw ChatError.fromInfo(checked.error);
    const channel = this.ctx.store.channel(channelId);
    if (!channel) throw new ChatError('not_found', 'Unknown channel');
    const connection = this.ctx.connection(channel.communityId);
    if (!connection) throw ChatError.unavailable('Not connected to the chat server');
    const ack = await connection.emitReact(checked.value);
    if (!ack.ok) throw ChatError.fromInfo(ack.error);
    this.applyReaction(ack.reaction);
  }

  private reactInThread(thread: ThreadState, apply: (m: Message) => Message): ThreadState {
    const root = thread.root && apply(thread.root);
    const replies = mapMessages(thread.replies, apply);
    return root === thread.root && replies === thread.replies ? thread : { ...thread, root, replies };
  }

  private patchThread(channelId: string, rootId: string, fn: (t: ThreadState) => ThreadState): void {
    this.patch(channelId, (c) => (c.thread?.rootId === rootId ? { ...c, thread: fn(c.thread) } : c));
  }

  private patch(channelId: string, fn: (c: ChannelState) => ChannelState): void {
    this.ctx.store.patchChannel(channelId, fn);
  }
}
