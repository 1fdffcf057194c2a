import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

export interface SpawnNodeOptions {
  env?: NodeJS.ProcessEnv;
  /** Node flags (`--expose-gc`, `-r probe.js`). */
  execArgv?: string[];
  /** Files that receive the child's stdout and stderr; inherited when unset. */
  logFile?: string;
  /** Open-file limit to ask for: thousands of sockets need more than a default 1024. */
  openFiles?: number;
}

/**
 * Starts `node <entry>` with an IPC channel, through `sh -c 'ulimit -n ...; exec node'` so the
 * child may hold more sockets than the parent's soft limit allows. `exec` keeps the pid, so /proc
 * readings of the returned pid are the Node process itself.
 */
export function spawnNode(entry: string, args: string[], options: SpawnNodeOptions = {}): ChildProcess {
  const out = options.logFile ? fs.openSync(options.logFile, 'a') : 'inherit';
  const files = options.openFiles ?? 65536;
  const script = `ulimit -n ${files} 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"`;
  const child = spawn('sh', ['-c', script, process.execPath, ...(options.execArgv ?? []), entry, ...args], {
    env: options.env ?? process.env,
    stdio: ['ignore', out, out, 'ipc'],
  });
  if (typeof out === 'number') fs.closeSync(out);
  return child;
}

/** Resolves when the child exits, or after `timeoutMs` with a SIGKILL. */
export function stopChild(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
