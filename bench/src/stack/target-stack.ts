import { pidListeningOn } from '../lib/proc-stats';
import type { BenchStack, ModeSpec, RunningSocket } from './bench-stack';

export interface TargetOptions {
  apiUrl: string;
  socketUrl: string;
  /** Lets the read run seed messages; without it the read run is skipped. */
  databaseUrl?: string;
  /** The API's INTERNAL_TOKEN; without it the writer run is skipped. */
  internalToken?: string;
  /** The API's internal listener (INTERNAL_HOST:INTERNAL_PORT); without it the writer run is skipped. */
  internalUrl?: string;
}

function portOf(url: string): number {
  const u = new URL(url);
  return Number(u.port || (u.protocol === 'https:' ? 443 : 80));
}

/**
 * A stack someone else started (`--target api=...,socket=...`): one socket app, whatever mode it
 * runs. Its pids are found from the listening ports when they are on this machine.
 */
export function targetStack(options: TargetOptions): BenchStack {
  const socketPid = pidListeningOn(portOf(options.socketUrl)) ?? -1;
  return {
    kind: 'target',
    apiUrl: options.apiUrl.replace(/\/$/, ''),
    apiPid: pidListeningOn(portOf(options.apiUrl)) ?? -1,
    databaseUrl: options.databaseUrl,
    internalToken: options.internalToken,
    internalUrl: options.internalUrl?.replace(/\/$/, ''),
    parallelSockets: false,
    startSocket(mode: ModeSpec): Promise<RunningSocket> {
      if (mode.name !== 'target') throw new Error(`a --target stack runs one mode; cannot start ${mode.name}`);
      const url = options.socketUrl.replace(/\/$/, '');
      return Promise.resolve({ mode: mode.name, url, pid: socketPid, nodes: [{ url, pid: socketPid }], memory: () => Promise.resolve(null) });
    },
    stopSocket: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
}
