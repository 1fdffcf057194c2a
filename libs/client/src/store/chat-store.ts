import { emptyChannel, INITIAL_CHAT_STATE, type ChannelState, type ChatState, type CommunityState, type Notice } from './chat-state';

export type StoreChange =
  { kind: 'session' } | { kind: 'community'; communityId: string } | { kind: 'channel'; channelId: string } | { kind: 'notice' };

export type StoreListener = (change: StoreChange) => void;

/**
 * Holds the client's state as immutable snapshots: each change replaces only the objects it
 * touches, so a UI can compare by reference (React's useSyncExternalStore works as is).
 */
export class ChatStore {
  private state: ChatState = INITIAL_CHAT_STATE;
  private readonly listeners = new Set<StoreListener>();
  private noticeId = 0;

  getState = (): ChatState => this.state;

  subscribe = (listener: StoreListener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Listens to one channel only; handy for non-UI consumers. */
  onChannel(channelId: string, listener: (channel: ChannelState) => void): () => void {
    return this.subscribe((change) => {
      const channel = this.state.channels[channelId];
      if (change.kind === 'channel' && change.channelId === channelId && channel) listener(channel);
    });
  }

  channel(channelId: string): ChannelState | undefined {
    return this.state.channels[channelId];
  }

  community(communityId: string): CommunityState | undefined {
    return this.state.communities.find((c) => c.id === communityId);
  }

  setSession(patch: Partial<Pick<ChatState, 'session' | 'sessionError' | 'me'>>): void {
    this.commit({ ...this.state, ...patch }, { kind: 'session' });
  }

  reset(): void {
    this.commit(INITIAL_CHAT_STATE, { kind: 'session' });
  }

  /** Replaces the community list, keeping what is already known about each community. */
  setCommunities(communities: CommunityState[]): void {
    this.commit({ ...this.state, communities }, { kind: 'session' });
  }

  updateCommunity(communityId: string, fn: (community: CommunityState) => CommunityState): void {
    const index = this.state.communities.findIndex((c) => c.id === communityId);
    if (index < 0) return;
    const next = fn(this.state.communities[index]);
    if (next === this.state.communities[index]) return;
    const communities = [...this.state.communities];
    communities[index] = next;
    this.commit({ ...this.state, communities }, { kind: 'community', communityId });
  }

  /** Applies `fn` to a channel, creating it first when unknown. No event when `fn` returns it unchanged. */
  updateChannel(channelId: string, communityId: string, fn: (channel: ChannelState) => ChannelState): void {
    const current = this.state.channels[channelId] ?? emptyChannel(channelId, communityId, '');
    const next = fn(current);
    if (next === this.state.channels[channelId]) return;
    this.commit({ ...this.state, channels: { ...this.state.channels, [channelId]: next } }, { kind: 'channel', channelId });
  }

  /** Like updateChannel, for channels that must already exist (broadcasts for unknown channels are ignored). */
  patchChannel(channelId: string, fn: (channel: ChannelState) => ChannelState): void {
    const current = this.state.channels[channelId];
    if (current) this.updateChannel(channelId, current.communityId, fn);
  }

  addNotice(notice: Omit<Notice, 'id'>): number {
    const id = ++this.noticeId;
    // Keep the list short: a flapping connection must not pile up hundreds of banners.
    const notices = [...this.state.notices.filter((n) => n.text !== notice.text), { ...notice, id }].slice(-5);
    this.commit({ ...this.state, notices }, { kind: 'notice' });
    return id;
  }

  dismissNotice(id: number): void {
    const notices = this.state.notices.filter((n) => n.id !== id);
    if (notices.length !== this.state.notices.length) this.commit({ ...this.state, notices }, { kind: 'notice' });
  }

  private commit(state: ChatState, change: StoreChange): void {
    this.state = state;
    for (const listener of [...this.listeners]) listener(change);
  }
}
