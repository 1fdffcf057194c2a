import { once } from 'node:events';
import { Injectable, Logger } from '@nestjs/common';
import { ChatWriter } from '../chat/chat-writer';
import { ChatsInHand } from '../chat/chats-in-hand';
import type { CommunityServer } from '../common/socket-types';
import { SocketConfig } from '../config/socket-config';
import { NodeAnnouncer } from '../routing/node-announcer.service';

/**
 * Clients are told to come back within this spread, each at its own random moment: a node's
 * thousands of sockets must not reach the next node in the same millisecond, yet a drained client
 * should be chatting again within a second or two.
 */
const RECONNECT_SPREAD_MS = 500;

/** How long the last packets (`server-draining`, the disconnects) may take to leave. */
const FLUSH_WAIT_MS = 1000;

/**
 * A graceful shutdown (SIGTERM/SIGINT, or `close()`): the node leaves routing at once, so the API
 * names another node for new connections; handshakes and new chats are refused (`unavailable`)
 * from then on; the chats in hand are sent and answered; then every socket gets `server-draining`
 * and is closed (`io server disconnect`), and the client asks the endpoint route again. The chat
 * wait is bounded by half of DRAIN_TIMEOUT_MS (the process exits by DRAIN_TIMEOUT_MS in any case);
 * past it, whatever is still unanswered is left to the clients' ack timeouts (they retry with the
 * same clientMsgId on the next node, which the API deduplicates).
 */
@Injectable()
export class NodeDrain {
  private readonly logger = new Logger(NodeDrain.name);
  private draining?: Promise<void>;

  constructor(
    private readonly config: SocketConfig,
    private readonly announcer: NodeAnnouncer,
    private readonly writer: ChatWriter,
    private readonly inHand: ChatsInHand,
  ) {}

  /** True from the start of a drain: new handshakes are refused. */
  get active(): boolean {
    return this.draining !== undefined;
  }

  /** Idempotent: a second call waits for the first drain. */
  drain(io: CommunityServer): Promise<void> {
    return (this.draining ??= this.run(io));
  }

  private async run(io: CommunityServer): Promise<void> {
    const started = Date.now();
    this.inHand.stopTaking();
    await this.announcer.leave();
    const pending = this.inHand.size;
    // Half the bound: the rest is for closing the servers, the API pool and Redis before the hard exit.
    const answered = await withinMs(Promise.all([this.writer.drain(), this.inHand.settled()]), this.config.drainTimeoutMs / 2);
    if (!answered) this.logger.warn(`${this.inHand.size} chats still unanswered after DRAIN_TIMEOUT_MS / 2; closing anyway`);
    // The last acks leave on the next turn (the handler's result reaches the ack callback through promise hops).
    await new Promise((resolve) => setImmediate(resolve));
    const sockets = [...io._nsps.values()].flatMap((nsp) => [...nsp.sockets.values()]);
    for (const socket of sockets) socket.emit('server-draining', { reconnectInMs: Math.floor(Math.random() * RECONNECT_SPREAD_MS) });
    for (const socket of sockets) socket.disconnect();
    // Closed here rather than by the server's close, which discards what is still buffered (write
    // coalescing, polling): a graceful engine close sends `server-draining` and the disconnects first.
    const connections = new Set(sockets.map((socket) => socket.conn));
    const closed = [...connections].map((conn) => once(conn, 'close').catch(() => undefined));
    for (const conn of connections) conn.close();
    await withinMs(Promise.all(closed), FLUSH_WAIT_MS);
    this.logger.log(`drained in ${Date.now() - started} ms: ${pending} chats were in hand, ${sockets.length} sockets told to move`);
  }
}

/** Whether `promise` settled within `ms`. */
async function withinMs(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
