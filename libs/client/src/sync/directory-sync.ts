import type { MyCommunity, UnreadEntry } from '@app/shared';
import { toChatError } from '../errors/chat-error';
import { applyDirectConversation, applyListItem, applyServerCounts } from '../logic/channel-counts';
import type { CommunityState } from '../store/chat-state';
import type { ClientContext } from './client-context';

export interface DirectoryHooks {
  /** A community appeared (sign-in, created, or someone added me): connect its socket. */
  onCommunityAdded(community: MyCommunity): void;
  onCommunityRemoved(communityId: string): void;
  /** I am now a member of these channels: join their rooms. */
  onMemberChannels(communityId: string, channelIds: string[]): void;
  /** The server knows messages up to lastSeq: opened channels may need a gap fill. */
  onLastSeq(channelId: string, lastSeq: number): void;
  /** A check of the latest seqs found a message in a followed channel that no broadcast brought. */
  onUnheard(communityId: string): void;
}

/** Who I am, my communities, their channels and the unread counters, kept fresh by polling. */
export class DirectorySync {
  constructor(
    private readonly ctx: ClientContext,
    private readonly hooks: DirectoryHooks,
  ) {}

  /** Re-reads /me and /me/unread; loads the channel list of any community that is new or has unknown channels. */
  async refresh(): Promise<void> {
    const me = await this.ctx.rest.me();
    this.ctx.store.setSession({ me: me.user });
    const added = this.syncCommunities(me.communities);
    await Promise.all(added.map((c) => this.loadChannels(c.id)));
    await this.checkHeads();
  }

  /**
   * Every followed channel's latest seq (and counters), in one cheap call: a seq past what the
   * client holds is a gap, which the channel sync fetches.
   */
  async checkHeads(): Promise<void> {
    await this.applyUnread(await this.ctx.rest.unread());
  }

  /** The community's channels and my direct conversations in it. */
  async loadChannels(communityId: string): Promise<void> {
    try {
      const [items, { conversations }] = await Promise.all([
        this.ctx.rest.listChannels(communityId),
        this.ctx.rest.listDirectConversations(communityId),
      ]);
      const meId = this.ctx.me().id;
      for (const item of items) {
        this.ctx.store.updateChannel(item.id, communityId, (c) => applyListItem({ ...c, communityId }, item, meId));
      }
      for (const dm of conversations) {
        this.ctx.store.updateChannel(dm.id, communityId, (c) => applyDirectConversation({ ...c, communityId }, dm, meId));
      }
      const channelIds = [...items].sort(byName).map((i) => i.id);
      const dmIds = conversations.map((d) => d.id);
      this.ctx.store.updateCommunity(communityId, (c) => ({ ...c, channelIds, dmIds, channelsLoaded: true }));
      const joined = [...items.filter((i) => i.isMember), ...conversations];
      this.hooks.onMemberChannels(
        communityId,
        joined.map((i) => i.id),
      );
      joined.forEach((i) => this.hooks.onLastSeq(i.id, i.lastSeq));
    } catch (err) {
      this.ctx.reportError(toChatError(err), 'Could not load channels');
    }
  }

  private syncCommunities(list: MyCommunity[]): MyCommunity[] {
    const known = new Map(this.ctx.store.getState().communities.map((c) => [c.id, c]));
    const added = list.filter((c) => !known.has(c.id));
    const next: CommunityState[] = list.map((c) => {
      const current = known.get(c.id);
      const defaultChannelId = c.defaultChannelId ?? null;
      if (current) {
        const same = current.name === c.name && current.role === c.role && current.defaultChannelId === defaultChannelId;
        return same ? current : { ...current, name: c.name, role: c.role, defaultChannelId };
      }
      return { ...c, defaultChannelId, connection: 'connecting', channelIds: [], dmIds: [], channelsLoaded: false };
    });
    const removed = [...known.keys()].filter((id) => !list.some((c) => c.id === id));
    this.ctx.store.setCommunities(next);
    removed.forEach((id) => this.hooks.onCommunityRemoved(id));
    added.forEach((c) => this.hooks.onCommunityAdded(c));
    return added;
  }

  private async applyUnread(entries: UnreadEntry[]): Promise<void> {
    const meId = this.ctx.me().id;
    const state = this.ctx.store.getState();
    const stale = new Set<string>();
    for (const entry of entries) {
      const channel = state.channels[entry.channelId];
      // A channel I was added to since the last list (private channels never show up otherwise).
      if (!channel || !channel.isMember) stale.add(entry.communityId);
      if (!channel) continue;
      if (channel.isMember && entry.lastSeq > channel.lastSeq) this.hooks.onUnheard(entry.communityId);
      this.ctx.store.patchChannel(entry.channelId, (c) => applyServerCounts(c, entry, meId));
      this.hooks.onLastSeq(entry.channelId, entry.lastSeq);
    }
    await Promise.all([...stale].filter((id) => state.communities.some((c) => c.id === id)).map((id) => this.loadChannels(id)));
  }
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name.localeCompare(b.name);
}
