import {
  LIMITS,
  type ChannelMembershipEvent,
  type ChatAck,
  type CommunityMembershipEvent,
  type ChatPayload,
  type EndpointResponse,
  type ErrorInfo,
  type JoinAck,
  type Message,
  type ReactAck,
  type ReactPayload,
  type ReactionBroadcast,
  type ReadAck,
  type ReadMarkerEvent,
  type ThreadUpdate,
  type TypingBroadcast,
} from '@app/shared';
import { ChatError, toChatError } from '../errors/chat-error';
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../logic/retry-policy';
import type { ConnectionStatus } from '../store/chat-state';
import { type ChatSocket, type ManagerPool, processKey } from './manager-pool';

export interface CommunityConnectionHandlers {
  onStatus(status: ConnectionStatus, error?: ErrorInfo): void;
  /** After every connect and reconnect, once the rooms are joined: time to catch up and flush the outbox. */
  onReady(): void;
  onBroadcast(kind: 'new' | 'modify' | 'delete', message: Message): void;
  onTyping(payload: TypingBroadcast): void;
  onReaction(payload: ReactionBroadcast): void;
  onThreadUpdated(payload: ThreadUpdate): void;
  onJoinRejected(rejected: JoinAck['rejected']): void;
  onUnauthorized(): void;
  /** An event for me rather than for a room (membership changes, my read marker elsewhere). */
  onUserEvent(event: UserEvent): void;
}

/** The events a server sends to one user's sockets, whichever community they are connected to. */
export type UserEvent =
  | { event: 'community-membership'; payload: CommunityMembershipEvent }
  | { event: 'channel-membership'; payload: ChannelMembershipEvent }
  | { event: 'read-marker'; payload: ReadMarkerEvent };

export interface CommunityConnectionOptions {
  communityId: string;
  token: string;
  pool: ManagerPool;
  resolveEndpoint: () => Promise<EndpointResponse>;
  handlers: CommunityConnectionHandlers;
  /** How long to wait for any ack before treating the emit as lost. Default 10000 ms. */
  ackTimeoutMs?: number;
  /** Backoff for the retries Socket.IO does not do itself (endpoint lookup, refused handshakes). */
  retryPolicy?: RetryPolicy;
  /**
   * Re-ask the endpoint after the first failed reconnect, then every N failed reconnects, in case the
   * community moved to another node. Default 5.
   */
  relocateEveryAttempts?: number;
  /**
   * From a lost connection on, also ask the endpoint route for ENDPOINT_WATCH_SPAN_MS, whatever the
   * reconnect backoff: soon after the loss, then after this many ms (±20 %, growing 1.5 times per
   * poll up to 5 s), and just after the routing lease the last answer gave (`leaseMs`), whichever
   * comes first. A crashed node's communities move when its routing entry expires
   * (ROUTING_NODE_TTL_MS), and the client follows right after that. Default 750.
   */
  endpointPollMs?: number;
}

/** How long a lost connection keeps polling the endpoint route before relying on the backoff alone. */
export const ENDPOINT_WATCH_SPAN_MS = 30_000;

/** The endpoint watch's interval grows by this factor after each poll, up to ENDPOINT_POLL_MAX_MS. */
const ENDPOINT_POLL_BACKOFF = 1.5;
const ENDPOINT_POLL_MAX_MS = 5000;

/** After a routing lease runs out, how long to wait before asking again (clock skew, the API's hop). */
const LEASE_MARGIN_MS = 25;

/** Handshake refusals that retrying cannot fix. */
const FINAL_CONNECT_ERRORS = new Set(['forbidden', 'not_found']);

/**
 * The socket of one community: finds its node through the endpoint route, keeps the channel rooms
 * joined across reconnects (the server forgets rooms when a socket drops) and turns acks that never
 * come into `unavailable` errors.
 */
export class CommunityConnection {
  private socket: ChatSocket | null = null;
  /** The socket process this connection is attached to (`processKey`). */
  private process: string | null = null;
  private readonly rooms = new Set<string>();
  private closed = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private ownRetries = 0;
  private endpointWatch: ReturnType<typeof setTimeout> | null = null;
  private askingAfterStall = false;
  /** Acks are annotated at each call: socket.io-client types `timeout().emitWithAck` as `any`. */
  private readonly ackTimeoutMs: number;
  private readonly retryPolicy: RetryPolicy;

  constructor(private readonly options: CommunityConnectionOptions) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10000;
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, maxAutoAttempts: Infinity, ...options.retryPolicy };
  }

  get communityId(): string {
    return this.options.communityId;
  }

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  start(): void {
    this.options.handlers.onStatus('connecting');
    void this.connectViaEndpoint();
  }

  close(): void {
    this.closed = true;
    this.clearRetry();
    this.detach();
    this.options.handlers.onStatus('closed');
  }

  /** Joins rooms now if connected; either way they are re-joined after every reconnect. */
  addRooms(channelIds: string[]): void {
    const fresh = channelIds.filter((id) => !this.rooms.has(id));
    fresh.forEach((id) => this.rooms.add(id));
    if (fresh.length > 0 && this.connected) void this.join(fresh);
  }

  /** Stops following these rooms: leaves them now if connected, and no reconnect joins them again. */
  removeRooms(channelIds: string[]): void {
    const known = channelIds.filter((id) => this.rooms.delete(id));
    if (known.length > 0 && this.connected) this.socket!.emit('leave', { channels: known }, () => undefined);
  }

  async emitChat(payload: ChatPayload): Promise<ChatAck> {
    const socket = this.requireSocket();
    try {
      const ack: ChatAck = await socket.timeout(this.ackTimeoutMs).emitWithAck('chat', payload);
      return ack;
    } catch {
      throw this.noAnswer(socket);
    }
  }

  async emitRead(channelId: string, seq: number): Promise<ReadAck> {
    const socket = this.requireSocket();
    try {
      const ack: ReadAck = await socket.timeout(this.ackTimeoutMs).emitWithAck('read', { channelId, seq });
      return ack;
    } catch {
      throw this.noAnswer(socket);
    }
  }

  async emitReact(payload: ReactPayload): Promise<ReactAck> {
    const socket = this.requireSocket();
    try {
      const ack: ReactAck = await socket.timeout(this.ackTimeoutMs).emitWithAck('react', payload);
      return ack;
    } catch {
      throw this.noAnswer(socket);
    }
  }

  /**
   * An ack that never came. A process that stopped answering (frozen, or its host gone without
   * closing the connection) looks connected until the heartbeat gives up, while routing moves its
   * communities once its lease runs out: ask the route (one question at a time), and follow it if
   * it names another process. The outbox then resends there; `clientMsgId` keeps that idempotent.
   */
  private noAnswer(socket: ChatSocket): ChatError {
    this.askRouteWhileConnected(socket);
    return ChatError.unavailable('The chat server did not answer in time');
  }

  /**
   * A message was stored that this connected socket never brought (the heads check found it): the
   * process may have stopped serving without closing the connection. Asks the route, as above.
   */
  recheckRoute(): void {
    if (this.socket?.connected) this.askRouteWhileConnected(this.socket);
  }

  private askRouteWhileConnected(socket: ChatSocket): void {
    if (this.closed || this.socket !== socket || this.askingAfterStall) return;
    this.askingAfterStall = true;
    void this.followEndpoint().finally(() => (this.askingAfterStall = false));
  }

  /** Fire and forget: a lost typing hint is harmless. */
  emitTyping(channelId: string): void {
    if (this.connected) this.socket!.emit('typing', { channelId });
  }

  private requireSocket(): ChatSocket {
    if (!this.socket?.connected) throw ChatError.unavailable('Not connected to the chat server');
    return this.socket;
  }

  private async connectViaEndpoint(): Promise<void> {
    if (this.closed) return;
    let endpoint: EndpointResponse;
    try {
      endpoint = await this.options.resolveEndpoint();
    } catch (err) {
      const error = toChatError(err);
      if (error.code === 'unauthorized') return this.options.handlers.onUnauthorized();
      if (FINAL_CONNECT_ERRORS.has(error.code)) return this.options.handlers.onStatus('failed', error.toInfo());
      this.options.handlers.onStatus('reconnecting', error.toInfo());
      return this.scheduleRetry(() => void this.connectViaEndpoint());
    }
    if (!this.closed) this.attach(endpoint);
  }

  private attach({ url, namespace, query }: EndpointResponse): void {
    this.detach();
    this.process = processKey(url, query);
    const socket = this.options.pool.socket(url, namespace, this.options.token, query);
    this.socket = socket;
    const { handlers } = this.options;

    socket.on('connect', () => {
      this.ownRetries = 0;
      this.stopEndpointWatch();
      handlers.onStatus('connected');
      void this.join([...this.rooms]).finally(() => handlers.onReady());
    });
    let sessionExpired = false;
    socket.on('disconnect', (reason) => {
      if (this.closed || this.socket !== socket) return;
      // Signed out already (session-expired): the same token would be refused.
      if (sessionExpired) return;
      handlers.onStatus('reconnecting', { code: 'unavailable', message: `Connection lost (${reason})` });
      // A server-side disconnect is not retried by Socket.IO itself; the server may be on its way
      // out (a shutdown without server-draining), so the endpoint route picks the node.
      if (reason === 'io server disconnect') this.scheduleRetry(() => void this.connectViaEndpoint());
      // A lost connection (a crashed node, a network cut): follow the community if routing moves it.
      else this.watchEndpoint(Date.now() + ENDPOINT_WATCH_SPAN_MS);
    });
    socket.on('connect_error', (err) => this.onConnectError(socket, err));
    socket.on('new-chat', (m) => handlers.onBroadcast('new', m));
    socket.on('modify-chat', (m) => handlers.onBroadcast('modify', m));
    socket.on('delete-chat', (m) => handlers.onBroadcast('delete', m));
    socket.on('typing', (p) => handlers.onTyping(p));
    socket.on('reaction', (p) => handlers.onReaction(p));
    socket.on('thread-updated', (p) => handlers.onThreadUpdated(p));
    socket.on('community-membership', (payload) => handlers.onUserEvent({ event: 'community-membership', payload }));
    socket.on('channel-membership', (payload) => handlers.onUserEvent({ event: 'channel-membership', payload }));
    socket.on('read-marker', (payload) => handlers.onUserEvent({ event: 'read-marker', payload }));
    // The token ran out: reconnecting with it is pointless, the user must sign in again.
    socket.on('session-expired', () => {
      sessionExpired = true;
      handlers.onUnauthorized();
    });
    // The node is shutting down and closes this socket next: go where the endpoint route says now.
    socket.on('server-draining', ({ reconnectInMs }) => this.relocate(reconnectInMs, 'The chat server is restarting'));
    // Rebalancing: the community is served by another process now.
    socket.on('community-moved', ({ reconnectInMs }) => this.relocate(reconnectInMs, 'Moving to another chat server'));
    socket.io.on('reconnect_attempt', this.onReconnectAttempt);
    socket.connect();
  }

  private detach(): void {
    this.stopEndpointWatch();
    if (!this.socket) return;
    this.socket.io.off('reconnect_attempt', this.onReconnectAttempt);
    // The Manager caches sockets per namespace: strip listeners so a re-attach starts clean.
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.socket = null;
  }

  private onConnectError(socket: ChatSocket, err: Error): void {
    if (this.closed || this.socket !== socket) return;
    const code = err.message;
    if (code === 'unauthorized') {
      this.options.handlers.onStatus('failed', { code: 'unauthorized', message: 'Your session has expired' });
      return this.options.handlers.onUnauthorized();
    }
    if (FINAL_CONNECT_ERRORS.has(code)) {
      const message = code === 'forbidden' ? 'You are not a member of this community' : 'This community does not exist';
      return this.options.handlers.onStatus('failed', { code: code as 'forbidden' | 'not_found', message });
    }
    this.options.handlers.onStatus('reconnecting', { code: 'unavailable', message: `Cannot reach the chat server (${code})` });
    // Transport errors are retried by the Manager; a refusal by the server's middleware is not.
    // `unavailable` is a node that cannot serve (one shutting down): ask the endpoint route again.
    if (!socket.active) this.scheduleRetry(code === 'unavailable' ? () => void this.connectViaEndpoint() : () => socket.connect());
  }

  /** Leaves the current socket and connects where the endpoint route says, after `delayMs`. */
  private relocate(delayMs: number, why: string): void {
    if (this.closed) return;
    this.detach();
    this.options.handlers.onStatus('reconnecting', { code: 'unavailable', message: why });
    this.clearRetry();
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null;
        void this.connectViaEndpoint();
      },
      Math.max(0, delayMs),
    );
  }

  /**
   * After the first failed reconnect (a crashed node: its clients should not wait for the backoff
   * to grow), then every few, ask the API again: the community may be served by another node now.
   */
  private readonly onReconnectAttempt = (attempt: number): void => {
    const every = this.options.relocateEveryAttempts ?? 5;
    if (attempt === 2 || attempt % every === 0) void this.followEndpoint();
  };

  /**
   * Asks the endpoint route again now; attaches where it points if that is another process.
   * Resolves to the answer (null when the API could not be asked).
   */
  private followEndpoint(): Promise<EndpointResponse | null> {
    return this.options.resolveEndpoint().then(
      (endpoint) => {
        if (!this.closed && processKey(endpoint.url, endpoint.query) !== this.process) this.attach(endpoint);
        return endpoint;
      },
      () => null, // the API may be down too; the Manager keeps trying the old node
    );
  }

  /**
   * Polls the endpoint route while the connection is lost (see `endpointPollMs`): a crashed process
   * is replaced by the route right after its lease runs out, so a poll goes there then.
   */
  private watchEndpoint(until: number): void {
    if (this.endpointWatch || this.closed) return;
    const every = this.options.endpointPollMs ?? 750;
    let timer: ReturnType<typeof setTimeout>;
    const schedule = (delayMs: number) => {
      timer = setTimeout(() => void poll(), delayMs);
      this.endpointWatch = timer;
    };
    let polls = 0;
    const poll = async () => {
      if (this.closed || this.socket?.connected || Date.now() > until) return void (this.endpointWatch = null);
      const endpoint = await this.followEndpoint();
      // Stopped (connected, closed, moved: another watch may run now) while the answer was on its way.
      if (this.endpointWatch !== timer || this.closed || this.socket?.connected) return;
      // Backs off while the answers do not help (everything down, the route unchanged), so that a
      // recovering API is not met by every client at full rate; the lease keeps a crash fast.
      const regular = Math.min(every * ENDPOINT_POLL_BACKOFF ** polls++, ENDPOINT_POLL_MAX_MS) * (0.8 + Math.random() * 0.4);
      const lease = endpoint?.leaseMs;
      // Just after the lease: spread over 100 ms so a crashed node's clients do not ask at once.
      schedule(lease === undefined ? regular : Math.min(regular, lease + LEASE_MARGIN_MS + Math.random() * 100));
    };
    schedule(every * (0.2 + Math.random() * 0.3));
  }

  private stopEndpointWatch(): void {
    if (this.endpointWatch) clearTimeout(this.endpointWatch);
    this.endpointWatch = null;
  }

  private async join(channelIds: string[]): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    for (let i = 0; i < channelIds.length; i += LIMITS.channelsPerJoinMax) {
      const chunk = channelIds.slice(i, i + LIMITS.channelsPerJoinMax);
      try {
        const ack: JoinAck = await socket.timeout(this.ackTimeoutMs).emitWithAck('join', { channels: chunk });
        if (ack.rejected?.length > 0) {
          ack.rejected.forEach((r) => this.rooms.delete(r.channelId));
          this.options.handlers.onJoinRejected(ack.rejected);
        }
      } catch {
        // Lost with the connection; the next connect joins every room again.
      }
    }
  }

  private scheduleRetry(fn: () => void): void {
    this.clearRetry();
    const delay = backoffDelay(++this.ownRetries, this.retryPolicy);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closed) fn();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}
