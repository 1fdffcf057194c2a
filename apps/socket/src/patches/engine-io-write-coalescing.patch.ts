/** The engine.io and ws internals this relies on; checked at run time, so a change upstream disables it, never breaks. */
interface EngineSocketInternals {
  flush(): void;
  transport?: { name?: string; socket?: { _socket?: { cork(): void; uncork(): void } } };
}

/**
 * PATCH of engine.io's `Socket#flush` (instance method, replaced per connection) and use of ws's
 * private `WebSocket#_socket` (the TCP socket). Written against engine.io 6.6.12, ws 8.21.3,
 * socket.io 4.8.4, Node 20. Applied by `ChatGateway.afterInit` unless SOCKET_COALESCE_WRITES=false.
 *
 * Why: fan-out writes one websocket frame per message and receiver, and by default each frame is its
 * own write syscall. This defers an engine.io socket's flush to the end of the event-loop turn and
 * corks its TCP socket meanwhile, so every frame a receiver gets in one turn (a batch's broadcasts,
 * acks) leaves in one writev. Costs at most one turn of latency; saves most of the kernel time of
 * fan-out.
 *
 * What it relies on: engine.io calling `this.flush()` after queueing packets (so the instance
 * property wins), and the websocket transport keeping ws's socket at `transport.socket._socket`.
 * Missing internals are checked at run time, so an upstream change disables the patch, never breaks
 * the connection. That is exactly the silent failure its canary catches:
 * apps/socket/test/patches/engine-io-write-coalescing.canary.e2e.ts (one TCP write per receiver for
 * several emits in one turn).
 */
export function coalesceSocketWrites(engine: { on(event: 'connection', listener: (socket: EngineSocketInternals) => void): unknown }): void {
  engine.on('connection', (raw) => {
    if (typeof raw.flush !== 'function') return;
    const flushNow = raw.flush.bind(raw);
    let scheduled = false;
    const flushCorked = () => {
      scheduled = false;
      const tcp = raw.transport?.name === 'websocket' ? raw.transport.socket?._socket : undefined;
      tcp?.cork();
      try {
        flushNow();
      } finally {
        tcp?.uncork();
      }
    };
    raw.flush = () => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(flushCorked);
    };
  });
}
