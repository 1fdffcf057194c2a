import type {
  Attachment,
  ChannelSummary,
  CommunitySummary,
  LoginResponse,
  Message,
  MyCommunity,
  SearchResponse,
  UserSummary,
} from '@app/shared';
import type { ManagerOptions } from 'socket.io-client';
import { ChatError, toChatError } from './errors/chat-error';
import type { OutgoingMessage } from './logic/outbox';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './logic/retry-policy';
import { RestClient, type SearchOptions } from './rest/rest-client';
import { CommunityConnection, type UserEvent } from './socket/community-connection';
import { ManagerPool } from './socket/manager-pool';
import { ChatStore } from './store/chat-store';
import { persistOutbox, type OutboxStorage } from './store/outbox-storage';
import { ChannelSync } from './sync/channel-sync';
import { ConversationSync } from './sync/conversation-sync';
import type { ClientContext } from './sync/client-context';
import { DirectorySync } from './sync/directory-sync';
import { MessageSender } from './sync/message-sender';
import { ReadSync } from './sync/read-sync';
import { TypingTracker, type TypingOptions } from './sync/typing-tracker';

export interface ChatClientOptions {
  token: string;
  /** API origin; `''` (the default) means the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Socket.IO Manager options; reconnection backoff and jitter default to DEFAULT_MANAGER_OPTIONS. */
  managerOptions?: Partial<ManagerOptions>;
  /** Ack deadline for socket emits. Default 10000 ms. */
  ackTimeoutMs?: number;
  /** Automatic resend policy for failed messages. Defaults: DEFAULT_RETRY_POLICY. */
  retryPolicy?: Partial<RetryPolicy>;
  typing?: TypingOptions;
  /** Poll for new communities, channels and counters. Default 20000 ms; 0 turns polling off. */
  refreshIntervalMs?: number;
  /**
   * After this long without a message from any community, check every followed channel's latest
   * seq (`GET /api/me/unread`), so that a broadcast lost on the way (a community on the move, a
   * Redis outage) is fetched within this time rather than at the next refresh. Also done once,
   * HEADS_AFTER_CONNECT_MS after each reconnect. Default 8000 ms; 0 turns it off.
   */
  headsCheckMs?: number;
  /** Called once when the server rejects the token, e.g. to send the user back to sign-in. */
  onUnauthorized?: () => void;
  /** Keeps unconfirmed messages across reloads; e.g. `webStorageOutbox('outbox:' + userId)`. Default: memory only. */
  outboxStorage?: OutboxStorage;
}

/** See {@link ChatClientOptions.headsCheckMs}: long enough for a moved community's last clients to arrive. */
export const HEADS_AFTER_CONNECT_MS = 2500;

/**
 * A chat session for one signed-in user: REST for the directory and history, one socket per
 * community for live traffic, and a store a UI subscribes to. Framework-free; runs in browsers and Node.
 */
export class ChatClient {
  readonly store = new ChatStore();
  readonly rest: RestClient;
  private readonly pool: ManagerPool;
  private readonly connections = new Map<string, CommunityConnection>();
  /** My own namespace: user events reach it even while I belong to no community. */
  private personal: CommunityConnection | null = null;
  private readonly ctx: ClientContext;
  private readonly channels: ChannelSync;
  private readonly conversations: ConversationSync;
  private readonly reads: ReadSync;
  private readonly sender: MessageSender;
  private readonly typing: TypingTracker;
  private readonly directory: DirectorySync;
  private refreshTimer: ReturnType<typeof setInterval> | null = null;
  private headsTimer: ReturnType<typeof setInterval> | null = null;
  /** When a community last said something (a broadcast) or the latest seqs were last checked. */
  private lastHeardAt = Date.now();
  private readonly headsAfterConnect = new Set<ReturnType<typeof setTimeout>>();
  private unsubscribeOutbox: (() => void) | null = null;
  private refreshing: Promise<void> | null = null;
  private refreshAgain = false;
  /** Communities whose socket connected at least once: only a reconnect needs a catch-up. */
  private readonly everReady = new Set<string>();
  private stopped = false;
  private readonly messageListeners = new Set<(message: Message) => void>();

  /** The bearer token this session sends (for requests the library does not make itself, e.g. uploads with progress). */
  get token(): string {
    return this.options.token;
  }

  /** The API origin ('' for the page's own). */
  get baseUrl(): string {
    return this.options.baseUrl ?? '';
  }

  static login(username: string, options: { baseUrl?: string; fetch?: typeof fetch } = {}): Promise<LoginResponse> {
    return new RestClient({ baseUrl: options.baseUrl ?? '', getToken: () => null, fetch: options.fetch }).login(username);
  }

  constructor(private readonly options: ChatClientOptions) {
    this.rest = new RestClient({ baseUrl: options.baseUrl ?? '', getToken: () => options.token, fetch: options.fetch });
    this.pool = new ManagerPool(options.managerOptions);
    this.ctx = {
      store: this.store,
      rest: this.rest,
      me: () => {
        const me = this.store.getState().me;
        if (!me) throw new ChatError('unauthorized', 'Not signed in');
        return me;
      },
      connection: (id) => this.connections.get(id),
      reportError: (error, context) => this.reportError(error, context),
    };
    this.conversations = new ConversationSync(this.ctx);
    this.channels = new ChannelSync(this.ctx, (message) => this.conversations.applyStored(message));
    this.reads = new ReadSync(this.ctx);
    this.sender = new MessageSender(this.ctx, this.channels, { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy });
    this.typing = new TypingTracker(this.ctx, options.typing);
    this.directory = new DirectorySync(this.ctx, {
      onCommunityAdded: (c) => this.connect(c),
      onCommunityRemoved: (id) => this.disconnect(id),
      onMemberChannels: (id, channelIds) => this.connections.get(id)?.addRooms(channelIds),
      onLastSeq: (channelId, lastSeq) => this.channels.noteLastSeq(channelId, lastSeq),
      // Its socket looks connected but did not bring it: the process may have stopped serving.
      onUnheard: (communityId) => this.connections.get(communityId)?.recheckRoute(),
    });
  }

  /** Loads the directory and connects to every community. Rejects (and sets session 'error') if the API is unreachable. */
  async start(): Promise<void> {
    this.store.setSession({ session: 'loading', sessionError: undefined });
    try {
      await this.directory.refresh();
      if (this.options.outboxStorage && !this.unsubscribeOutbox) {
        this.unsubscribeOutbox = persistOutbox(this.store, this.options.outboxStorage);
        for (const [id, connection] of this.connections) if (connection.connected) this.sender.flushCommunity(id);
      }
      this.store.setSession({ session: 'ready' });
    } catch (err) {
      const error = toChatError(err);
      this.store.setSession({ session: error.code === 'unauthorized' ? 'unauthorized' : 'error', sessionError: error.toInfo() });
      if (error.code === 'unauthorized') this.options.onUnauthorized?.();
      throw error;
    }
    this.connectPersonal();
    const every = this.options.refreshIntervalMs ?? 20000;
    if (every > 0 && !this.refreshTimer) this.refreshTimer = setInterval(() => void this.refresh(), every);
    const quiet = this.options.headsCheckMs ?? 8000;
    if (quiet > 0 && !this.headsTimer) {
      // Checked four times per period, so a quiet spell is noticed within 1.25 periods.
      this.headsTimer = setInterval(() => Date.now() - this.lastHeardAt >= quiet && void this.checkHeads(), quiet / 4);
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    if (this.headsTimer) clearInterval(this.headsTimer);
    this.headsAfterConnect.forEach(clearTimeout);
    this.unsubscribeOutbox?.();
    this.connections.forEach((c) => c.close());
    this.connections.clear();
    this.personal?.close();
    this.personal = null;
    this.pool.close();
    [this.channels, this.reads, this.sender, this.typing].forEach((s) => s.dispose());
  }

  /**
   * Picks up communities and channels added by others, and corrects counters. Failures become
   * notices. Calls during a refresh are folded into one more run after it.
   */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        try {
          await this.directory.refresh();
          // A refresh checks the latest seqs too: the next quiet check can wait.
          this.lastHeardAt = Date.now();
        } catch (err) {
          this.reportError(toChatError(err), 'Could not refresh');
        }
      } while (this.refreshAgain && !this.stopped);
    })().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  // ---- directory actions: each throws a ChatError the UI shows next to the form ----

  async createCommunity(name: string): Promise<CommunitySummary> {
    const community = await this.rest.createCommunity(name);
    await this.directory.refresh();
    return community;
  }

  /** Resolves the username first: the contract's add-member route takes a user id. */
  async addMemberByUsername(communityId: string, username: string): Promise<UserSummary> {
    const user = await this.rest.findUserByUsername(username.trim());
    await this.rest.addCommunityMember(communityId, user.id);
    return user;
  }

  async addChannelMemberByUsername(channelId: string, username: string): Promise<UserSummary> {
    const user = await this.rest.findUserByUsername(username.trim());
    await this.rest.addChannelMember(channelId, user.id);
    return user;
  }

  async createChannel(communityId: string, name: string, isPrivate: boolean): Promise<ChannelSummary> {
    const channel = await this.rest.createChannel(communityId, name, isPrivate);
    await this.directory.loadChannels(communityId);
    return channel;
  }

  async joinChannel(channelId: string): Promise<void> {
    const channel = this.store.channel(channelId);
    if (!channel) throw new ChatError('not_found', 'Unknown channel');
    await this.rest.joinChannel(channelId);
    await this.directory.loadChannels(channel.communityId);
  }

  /** Sets the topic of a channel I am in (empty clears it); the store follows the answer. */
  async setTopic(channelId: string, topic: string): Promise<void> {
    const details = await this.rest.updateChannel(channelId, topic);
    this.store.patchChannel(channelId, (c) => ({ ...c, topic: details.topic }));
  }

  channelMembers(channelId: string): Promise<UserSummary[]> {
    return this.rest.channelMembers(channelId).then((r) => r.members);
  }

  /** Leaves a channel: the membership on the server, then its room on the socket; it stays listed (public) as not joined. */
  async leaveChannel(channelId: string): Promise<void> {
    const channel = this.store.channel(channelId);
    if (!channel) throw new ChatError('not_found', 'Unknown channel');
    await this.rest.leaveChannel(channelId);
    this.connections.get(channel.communityId)?.removeRooms([channelId]);
    this.forgetMembership(channelId);
    await this.directory.loadChannels(channel.communityId);
  }

  /**
   * Opens the direct conversation of me and these people in a community (the same one every time
   * for the same people); resolves with its id once it is in the store and its room joined.
   */
  async openDirectConversation(communityId: string, userIds: string[]): Promise<string> {
    const { conversation } = await this.rest.openDirectConversation(communityId, userIds);
    await this.directory.loadChannels(communityId);
    return conversation.id;
  }

  /** Like openDirectConversation, naming people by username. */
  async openDirectConversationWith(communityId: string, usernames: string[]): Promise<string> {
    const users = await Promise.all(usernames.map((u) => this.rest.findUserByUsername(u.trim())));
    return this.openDirectConversation(
      communityId,
      users.map((u) => u.id),
    );
  }

  loadChannels(communityId: string): Promise<void> {
    return this.directory.loadChannels(communityId);
  }

  // ---- messages ----

  openChannel(channelId: string): Promise<void> {
    return this.channels.open(channelId);
  }

  /** Loads the channel around a seq (a search hit) if that part is not loaded yet. */
  openChannelAt(channelId: string, seq: number): Promise<void> {
    return this.channels.openAt(channelId, seq);
  }

  /** Full-text search of what I can read in a community (see the contract's search route). */
  search(communityId: string, options: SearchOptions): Promise<SearchResponse> {
    return this.rest.search(communityId, options);
  }

  loadOlder(channelId: string): Promise<void> {
    return this.channels.loadOlder(channelId);
  }

  /** `attachments`: files uploaded beforehand (`POST /api/communities/:id/files`), sent with the message. */
  send(channelId: string, content: string, attachments: Attachment[] = []): OutgoingMessage {
    this.typing.resetThrottle(channelId);
    return this.sender.send(channelId, content, undefined, attachments);
  }

  // ---- threads and reactions ----

  /** Opens a thread beside its channel (one per channel); its state is `channel.thread`. */
  openThread(channelId: string, rootId: string): Promise<void> {
    return this.conversations.openThread(channelId, rootId);
  }

  closeThread(channelId: string): void {
    this.conversations.closeThread(channelId);
  }

  loadOlderReplies(channelId: string): Promise<void> {
    return this.conversations.loadOlderReplies(channelId);
  }

  /** Like `send`, for a reply in the thread of `rootId`: same outbox, retries and idempotency. */
  sendReply(channelId: string, rootId: string, content: string, attachments: Attachment[] = []): OutgoingMessage {
    return this.sender.send(channelId, content, rootId, attachments);
  }

  /** Adds or removes my reaction; throws a ChatError the UI shows when refused. */
  react(channelId: string, messageId: string, emoji: string, action: 'add' | 'remove'): Promise<void> {
    return this.conversations.react(channelId, messageId, emoji, action);
  }

  retry(channelId: string, clientMsgId: string): void {
    this.sender.retry(channelId, clientMsgId);
  }

  discard(channelId: string, clientMsgId: string): void {
    this.sender.discard(channelId, clientMsgId);
  }

  edit(channelId: string, messageId: string, content: string): Promise<Message> {
    return this.sender.edit(channelId, messageId, content);
  }

  remove(channelId: string, messageId: string): Promise<Message> {
    return this.sender.remove(channelId, messageId);
  }

  markRead(channelId: string, seq: number): void {
    this.reads.markRead(channelId, seq);
  }

  notifyTyping(channelId: string): void {
    this.typing.notifyTyping(channelId);
  }

  /**
   * Calls `listener` with each new message others write in my conversations, as it arrives live
   * (after the store has it), e.g. for notifications. Returns the unsubscribe function.
   */
  onMessage(listener: (message: Message) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  dismissNotice(id: number): void {
    this.store.dismissNotice(id);
  }

  // ---- internals ----

  private connect(community: MyCommunity): void {
    if (this.stopped || this.connections.has(community.id)) return;
    const id = community.id;
    const connection = new CommunityConnection({
      communityId: id,
      token: this.options.token,
      pool: this.pool,
      ackTimeoutMs: this.options.ackTimeoutMs,
      resolveEndpoint: () => this.rest.endpoint(id),
      handlers: {
        onStatus: (connection, connectionError) => this.store.updateCommunity(id, (c) => ({ ...c, connection, connectionError })),
        onReady: () => this.onCommunityReady(id),
        onBroadcast: (kind, message) => {
          this.lastHeardAt = Date.now();
          this.channels.applyStored(message, kind);
          if (kind === 'new') this.messageListeners.forEach((listener) => listener(message));
        },
        onReaction: (reaction) => this.conversations.applyReaction(reaction),
        onThreadUpdated: (update) => this.conversations.applyThreadUpdate(update),
        onTyping: (payload) => this.typing.onTyping(payload),
        onJoinRejected: (rejected) => rejected.forEach((r) => this.store.patchChannel(r.channelId, (c) => ({ ...c, isMember: false }))),
        onUnauthorized: () => this.onUnauthorized(),
        onUserEvent: (event) => this.onUserEvent(event),
      },
    });
    this.connections.set(id, connection);
    const memberChannels = Object.values(this.store.getState().channels).filter((c) => c.communityId === id && c.isMember);
    connection.addRooms(memberChannels.map((c) => c.id));
    connection.start();
  }

  /**
   * The same connection machinery as a community's (endpoint route, reconnects, drains), with no
   * rooms and no traffic of its own: it only listens for my user events.
   */
  private connectPersonal(): void {
    if (this.stopped || this.personal) return;
    const ignore = () => undefined;
    this.personal = new CommunityConnection({
      communityId: '',
      token: this.options.token,
      pool: this.pool,
      ackTimeoutMs: this.options.ackTimeoutMs,
      resolveEndpoint: () => this.rest.personalEndpoint(),
      handlers: {
        onStatus: ignore,
        onReady: ignore,
        onBroadcast: ignore,
        onReaction: ignore,
        onThreadUpdated: ignore,
        onTyping: ignore,
        onJoinRejected: ignore,
        onUnauthorized: () => this.onUnauthorized(),
        onUserEvent: (event) => this.onUserEvent(event),
      },
    });
    this.personal.start();
  }

  private disconnect(communityId: string): void {
    this.connections.get(communityId)?.close();
    this.connections.delete(communityId);
  }

  /** After every (re)connect: send what is waiting and fetch what was missed; after a reconnect, refresh counters too. */
  private onCommunityReady(communityId: string): void {
    this.sender.flushCommunity(communityId);
    // Opened channels may have missed messages between their history load and this connect.
    const community = this.store.community(communityId);
    for (const channelId of [...(community?.channelIds ?? []), ...(community?.dmIds ?? [])]) void this.channels.catchUp(channelId);
    if (this.everReady.has(communityId)) {
      void this.refresh();
      // Messages broadcast while the community was split (the old process still had members) can
      // slip between the catch-up and this socket's rooms: look once more when the move has settled.
      const timer = setTimeout(() => {
        this.headsAfterConnect.delete(timer);
        void this.checkHeads();
      }, HEADS_AFTER_CONNECT_MS);
      this.headsAfterConnect.add(timer);
    }
    this.everReady.add(communityId);
  }

  private async checkHeads(): Promise<void> {
    if (this.stopped) return;
    this.lastHeardAt = Date.now();
    try {
      await this.directory.checkHeads();
    } catch {
      // The API is away: the refresh reports that; the next quiet spell checks again.
    }
  }

  /**
   * A change meant for me, heard on any of my community sockets (each socket hears it, so the
   * handling is idempotent): membership changes reload what they touch, a read marker moved
   * elsewhere moves here too.
   */
  private onUserEvent({ event, payload }: UserEvent): void {
    if (event === 'read-marker') return this.reads.applyRemoteMarker(payload.channelId, payload.lastReadSeq);
    if (event === 'community-membership') return void this.refresh();
    if (!payload.member) {
      this.connections.get(payload.communityId)?.removeRooms([payload.channelId]);
      this.forgetMembership(payload.channelId);
    }
    void this.directory.loadChannels(payload.communityId);
  }

  /**
   * Out of a channel: its read marker went with the membership on the server, so what this client
   * knew of it (marker, loaded window, the marker it sent) goes too; a later join starts afresh.
   */
  private forgetMembership(channelId: string): void {
    this.reads.forget(channelId);
    this.store.patchChannel(channelId, (c) => ({
      ...c,
      isMember: false,
      unread: 0,
      mentions: 0,
      lastReadSeq: 0,
      messages: [],
      loaded: false,
      hasMoreBefore: false,
      windowFloorSeq: 0,
      thread: undefined,
    }));
  }

  private onUnauthorized(): void {
    if (this.store.getState().session === 'unauthorized') return;
    this.store.setSession({ session: 'unauthorized', sessionError: { code: 'unauthorized', message: 'Your session has expired' } });
    this.options.onUnauthorized?.();
  }

  private reportError(error: ChatError, context: string): void {
    if (error.code === 'unauthorized') return this.onUnauthorized();
    this.store.addNotice({ level: 'error', text: `${context}: ${error.message}`, code: error.code });
  }
}
