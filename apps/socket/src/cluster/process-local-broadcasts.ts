import { withTimeout } from '@app/server';
import type { Adapter, BroadcastOptions } from 'socket.io-adapter';
import type { Namespace, ServerOptions } from 'socket.io';

type AdapterConstructor = new (nsp: Namespace) => Adapter;
type AdapterFactory = NonNullable<ServerOptions['adapter']>;

/** Server-side events between the processes that hold the same namespace. */
const PEER_JOINED = 'commu-chat:peer-joined';
const PEER_LEFT = 'commu-chat:peer-left';
/** "Who still serves this namespace?": answered like PEER_JOINED, without counting the asker as a peer. */
const PEER_CHECK = 'commu-chat:peer-check';

/**
 * How long a first handshake waits for the other processes' answers before assuming they listen:
 * the adapter's `requestsTimeout` (its default, 5 s, is too long for a handshake).
 */
export const PEER_ANSWER_TIMEOUT_MS = 1000;

/** The Redis adapter's subscriber connection (public on RedisAdapter), in subscriber mode. */
interface Subscriber {
  subClient: { ping(): Promise<unknown> };
}

/** What the namespace adapter gains; see {@link keepBroadcastsInProcess}. */
export interface ProcessPeers {
  /**
   * Resolves once every other process serving this namespace knows this one does (their
   * broadcasts then reach it through Redis). Await it before admitting a socket. The first call
   * asks; later calls share its answer.
   */
  joinPeers(): Promise<void>;
  /** Whether broadcasts in this namespace go through Redis: another process serves it too, or that is unknown. */
  readonly shared: boolean;
}

export function processPeersOf(nsp: Namespace): ProcessPeers | undefined {
  const adapter = nsp.adapter as Adapter & Partial<ProcessPeers>;
  return typeof adapter.joinPeers === 'function' ? (adapter as Adapter & ProcessPeers) : undefined;
}

/**
 * Wraps the Redis adapter so that a namespace (a community) served by this process alone
 * broadcasts in memory, without a Redis publish per message. Routing puts a community's members on
 * one process, so that is the usual case; the adapter is still what makes a split community (a
 * client that ignored the endpoint's `query`, a community being moved) hear every message.
 *
 * The processes holding a namespace know each other: the first handshake into a namespace on a
 * process announces it to the others (`serverSideEmit` with acks, over the adapter's request
 * channel, whose subscribers are exactly the processes holding the namespace) and is admitted only
 * once they have answered, so every broadcast they make after its admission is published. A
 * broadcast made before it stays local, but its message was stored before it was broadcast, and
 * the client's catch-up after connecting (history `after` its last seq) fetches it. The answers
 * name the answering processes, so the newcomer publishes too.
 *
 * The announcement first waits for this process's own subscriptions to be in place (a PING on the
 * subscriber connection answers after the adapter's SUBSCRIBE), then counts the others (NUMSUB).
 * Counted earlier, the count could miss its own subscription and ask nobody, and two processes
 * opening a namespace at once could each count only itself; counted after both subscriptions, the
 * later count sees the other.
 *
 * A process whose namespace empties says so (`close()`). One that dies without saying so (kill -9, a crash) is dropped by the check
 * that a shared namespace makes every `peerCheckMs` (the routing TTL): the processes still
 * subscribed answer, and a peer that does not is gone. When the answers time out (Redis slow or
 * away), the namespace counts as shared until a check is answered in full.
 *
 * Classic adapter only: its request channel is per namespace. The sharded adapter counts servers
 * by heartbeats, which a just-created namespace has not heard yet, so it keeps publishing everything.
 */
export function keepBroadcastsInProcess(factory: AdapterFactory, instanceId: string, peerCheckMs: number): AdapterFactory {
  // Socket.IO calls `new` on the option; the Redis adapter's factory is a plain function that returns an instance.
  const Base = factory as unknown as AdapterConstructor;
  return function ProcessLocalAdapter(nsp: Namespace): Adapter {
    const adapter = new Base(nsp) as Adapter & ProcessPeers;
    const peers = new Set<string>();
    let unknownPeers = false;
    let joining: Promise<void> | undefined;

    // Socket.IO types server-side events per server; these are this module's own.
    const serverSide = nsp as unknown as {
      on(event: string, listener: (...args: unknown[]) => void): void;
      serverSideEmit(event: string, ...args: unknown[]): void;
      serverSideEmitWithAck(event: string, ...args: unknown[]): Promise<unknown[]>;
    };
    serverSide.on(PEER_JOINED, (peer: unknown, answer: unknown) => {
      if (typeof peer === 'string' && peer !== instanceId) peers.add(peer);
      if (typeof answer === 'function') answer(instanceId);
    });
    serverSide.on(PEER_LEFT, (peer: unknown) => {
      if (typeof peer === 'string') peers.delete(peer);
    });
    serverSide.on(PEER_CHECK, (_asker: unknown, answer: unknown) => {
      if (typeof answer === 'function') answer(instanceId);
    });

    Object.defineProperty(adapter, 'shared', { get: () => unknownPeers || peers.size > 0 });
    /**
     * The other processes holding the namespace, as they answer `event` (asked once `before` has
     * settled); rejects when not all answer in time (withTimeout as well: while Redis is away, a
     * PING or the adapter's NUMSUB may hang).
     */
    const ask = (event: string, before: () => Promise<unknown> = () => Promise.resolve()): Promise<Set<string>> =>
      withTimeout(
        before().then(() => serverSide.serverSideEmitWithAck(event, instanceId)),
        PEER_ANSWER_TIMEOUT_MS,
      ).then((answers) => new Set(answers.filter((peer): peer is string => typeof peer === 'string' && peer !== instanceId)));

    const subscribed = () => Promise.resolve((adapter as Adapter & Partial<Subscriber>).subClient?.ping());
    adapter.joinPeers = () =>
      (joining ??= ask(PEER_JOINED, subscribed).then(
        (live) => live.forEach((peer) => peers.add(peer)),
        () => void (unknownPeers = true),
      ));

    // Every live subscriber answers a check; a peer missing from a full answer has died. A peer
    // joining meanwhile is not in `known`, so the check cannot drop it.
    let checking = false;
    const checkPeers = () => {
      if (!adapter.shared || checking) return;
      checking = true;
      const known = new Set(peers);
      ask(PEER_CHECK)
        .then(
          (live) => {
            known.forEach((peer) => !live.has(peer) && peers.delete(peer));
            live.forEach((peer) => peers.add(peer));
            unknownPeers = false;
          },
          () => undefined, // unanswered: keep publishing, ask again next time
        )
        .finally(() => (checking = false));
    };
    const checkTimer = setInterval(checkPeers, peerCheckMs);
    checkTimer.unref();

    const broadcast = adapter.broadcast.bind(adapter);
    adapter.broadcast = (packet: unknown, opts: BroadcastOptions) => {
      if (adapter.shared || opts.flags?.local) return broadcast(packet, opts);
      return broadcast(packet, { ...opts, flags: { ...opts.flags, local: true } });
    };
    const close = adapter.close.bind(adapter);
    adapter.close = () => {
      clearInterval(checkTimer);
      if (joining) serverSide.serverSideEmit(PEER_LEFT, instanceId);
      return close();
    };
    return adapter;
  } as unknown as AdapterFactory;
}
