/**
 * Preloaded (`node --expose-gc -r memory-probe.js main.js`) into the apps the bench starts: answers
 * `{ type: 'bench:memory' }` over the IPC channel with `process.memoryUsage()` after a full GC, so
 * heap per connection is read from inside the socket process without any hook in the app itself.
 */
interface ProbeRequest {
  type: 'bench:memory';
  id: number;
  /** Also write a V8 heap snapshot here (BENCH_HEAP_SNAPSHOT), to see what a connection holds. */
  snapshotPath?: string;
}

import { writeHeapSnapshot } from 'node:v8';

const runGc = (globalThis as { gc?: () => void }).gc;

process.on('message', (raw: unknown) => {
  const req = raw as Partial<ProbeRequest> | null;
  if (!req || req.type !== 'bench:memory') return;
  if (runGc) {
    runGc();
    runGc();
  }
  const usage = process.memoryUsage();
  if (req.snapshotPath) writeHeapSnapshot(req.snapshotPath);
  process.send?.({ type: 'bench:memory', id: req.id, usage });
});

// The channel must not keep the app alive when it wants to exit on SIGTERM.
process.channel?.unref();
