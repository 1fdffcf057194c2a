/** The engine.io and ws internals this relies on; checked at run time, so a change upstream disables it, never breaks. */
interface EngineSocketInternals {
  flush(): void;
  transport?: { name?: string; socket?: { _socket?: { cork(): void; uncork(): void } } };
}

/**
 * Fan-out writes one websocket frame per message and receiver, and by default each frame is its own
 * write syscall. This defers an engine.io socket's flush to the end of the event-loop turn and corks
 * its TCP socket meanwhile, so every frame a receiver gets in one turn (a batch's broadcasts, acks)
 * leaves in one writev. Costs at most one turn of latency; saves most of the kernel time of fan-out.
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
