import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { CommunityServer } from '../common/socket-types';

export interface LoadSample {
  sockets: number;
  connections: number;
  /** Event-loop utilisation since the previous sample, 0..1. */
  elu: number;
}

/**
 * This process's load, cheap enough to take every few seconds: two counters and an ELU delta
 * (`performance.eventLoopUtilization()` reads counters libuv keeps anyway; nothing is measured by
 * blocking or timing the loop).
 */
export class LoadSampler {
  private last: EventLoopUtilization = performance.eventLoopUtilization();

  constructor(private readonly io: CommunityServer) {}

  sample(): LoadSample {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, this.last);
    this.last = now;
    let sockets = 0;
    // One entry per community with sockets here (and the unused main namespace): O(communities).
    for (const namespace of this.io._nsps.values()) sockets += namespace.sockets.size;
    return { sockets, connections: this.io.engine.clientsCount, elu: Number.isFinite(utilization) ? utilization : 0 };
  }
}
