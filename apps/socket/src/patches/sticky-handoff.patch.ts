import type { ChildProcess } from 'node:child_process';
import type { Worker } from 'node:cluster';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * PATCH around `@socket.io/sticky`'s primary (`setupMaster`), reaching into Node's private handle
 * API. Written against @socket.io/sticky 2.0.1 and Node 24 (24.22.3): `net.Socket#_handle.readStop()`,
 * `ChildProcess#_pendingMessage` and `#_handleQueue` (lib/internal/child_process.js), and sticky's
 * undocumented `worker.clientsCount`, which its least-connection choice reads. Applied by
 * `socket-primary.ts`. Each private member is checked before use, so an upstream change makes a step
 * a silent no-op; the canary catches that:
 * apps/socket/test/patches/sticky-handoff.canary.e2e.ts (a real sticky primary and cluster worker,
 * the worker stalled so the handoff stays unacknowledged: bytes sent meanwhile still reach it, and a
 * worker that dies before acknowledging leaves no client hanging).
 *
 * What it adds, so that no connection is handed to a worker that cannot take it, and none loses its
 * first packet on the way:
 *
 * 1. Sticky's least-connection choice reads `worker.clientsCount` of every forked worker, ready or
 *    not. A replacement worker still booting counts 0 and got the next connections, whose handles
 *    reached it before anything listened for them: they hung until the client gave up. A starting
 *    worker now counts as full until it reports ready, and while no worker at all is ready (all of
 *    them died at once) connections are closed at once, so clients retry instead of waiting.
 *
 * 2. Sticky passes a connection's handle to a worker right after reading its first request. Node's
 *    `child.send(message, socket)` keeps the parent's copy of the handle reading, into a no-op, until
 *    the worker acknowledges the handle; whatever the client sent meanwhile was read by the parent
 *    and dropped. On a WebSocket-only connection the client sends its namespace CONNECT as soon as
 *    the worker has answered the upgrade, so when the parent was slow to see the acknowledgement that
 *    packet vanished and the client waited forever. The parent now stops reading before the handoff
 *    and the kernel keeps those bytes for the worker. (A request with a body is not handed over but
 *    relayed chunk by chunk over IPC: its connection keeps reading.)
 *
 * 3. When a worker dies between receiving a handle and acknowledging it, Node keeps the parent's copy
 *    open (and the connections queued behind it unsent), so the client waits on a connection nobody
 *    serves. The primary closes them when the worker exits; the client sees the close and retries.
 *
 * 4. Sticky picks a new session's worker by load alone, so the members of one community landed on
 *    different workers and every broadcast crossed Redis. A request without a session id that names
 *    a ready worker (`worker=<index>` in its query, from the endpoint route) now goes to that worker:
 *    `worker.clientsCount` becomes a getter, and while sticky chooses for such a request (set by a
 *    listener that runs before sticky's, cleared after the emit) every other worker reads as full.
 */
export class StickyHandoff {
  private readonly readyWorkers = new Set<Worker>();
  private readonly workerAt = new Map<number, Worker>();
  private readonly indexes = new Map<Worker, number>();
  /** Point 4: the worker the request being placed names, while sticky chooses. */
  private preferred?: Worker;

  /** Call right after `cluster.fork()`, with the worker's index on the node. */
  starting(worker: Worker, index: number): void {
    let count = Number.POSITIVE_INFINITY;
    Object.defineProperty(worker, 'clientsCount', {
      get: () => (this.preferred && this.preferred !== worker ? Number.POSITIVE_INFINITY : count),
      set: (value: number) => (count = value),
      configurable: true,
    });
    this.workerAt.set(index, worker);
    this.indexes.set(worker, index);
    worker.once('exit', () => {
      this.readyWorkers.delete(worker);
      if (this.workerAt.get(index) === worker) this.workerAt.delete(index);
      dropUnacknowledgedHandles(worker);
    });
  }

  /** The index a worker was started with (kept after it exits, for its replacement). */
  indexOf(worker: Worker): number | undefined {
    return this.indexes.get(worker);
  }

  /** Call when the worker reports that connections may be handed to it. */
  ready(worker: Worker): void {
    setClientsCount(worker, 0);
    this.readyWorkers.add(worker);
  }

  /** Call after sticky's `setupMaster(server)`. */
  guard(server: Server): void {
    server.on('connection', (socket: Socket) => {
      if (this.readyWorkers.size === 0) {
        socket.destroy();
        return;
      }
      // Sticky's own listener, registered before this one, cleared the socket's 'data' listeners and
      // added its own: prepending puts this one first, for the first chunk only.
      socket.prependOnceListener('data', (chunk: Buffer) => {
        if (handedOverWhole(chunk)) (socket as Socket & { _handle?: { readStop?: () => void } })._handle?.readStop?.();
        // Sticky's listener runs next, in this same emit; the microtask comes after the whole emit.
        this.preferred = this.namedWorker(chunk);
        if (this.preferred) queueMicrotask(() => (this.preferred = undefined));
      });
    });
  }

  /** Point 4: the ready worker a new session's request names, if any. */
  private namedWorker(chunk: Buffer): Worker | undefined {
    const requestLine = chunk.subarray(0, Math.max(0, chunk.indexOf('\r\n'))).toString('latin1');
    // A known session goes where it lives (sticky looks its sid up first anyway).
    if (/[?&]sid=/.test(requestLine)) return undefined;
    const index = /[?&]worker=(\d{1,2})(?=[&\s]|$)/.exec(requestLine)?.[1];
    const named = index === undefined ? undefined : this.workerAt.get(Number(index));
    return named && this.readyWorkers.has(named) ? named : undefined;
  }
}

/** Node's internals (child_process, v24): the handle awaiting the child's ACK and the sockets queued behind it. */
function dropUnacknowledgedHandles(worker: Worker): void {
  const child = worker.process as ChildProcess & {
    _pendingMessage?: { handle?: { close?: () => void } } | null;
    _handleQueue?: { handle?: { destroy?: () => void } }[] | null;
  };
  if (child._pendingMessage) {
    child._pendingMessage.handle?.close?.();
    child._pendingMessage = null;
  }
  for (const queued of child._handleQueue ?? []) queued.handle?.destroy?.();
}

/** Sticky's own test: a first chunk that announces no body means the socket handle itself is handed over. */
function handedOverWhole(chunk: Buffer): boolean {
  const header = chunk.subarray(0, chunk.indexOf('\r\n\r\n')).toString().toLowerCase();
  return !header.includes('content-length:') && !header.includes('transfer-encoding:');
}

function setClientsCount(worker: Worker, count: number): void {
  (worker as Worker & { clientsCount?: number }).clientsCount = count;
}
