import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canConnect, stopChild } from '../../scripts/launcher-support';
import { freePort } from './free-port';

/** The last fallback for Redis: a `redis-server` from the PATH, on a free port, with a temp dir. */
export async function startSpawnedRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error(
      'Tests need Redis: set REDIS_URL, run one on 127.0.0.1:6379, start a Docker engine, ' +
        'or install redis-server so the tests start their own (`apt-get install -y redis-server` / `brew install redis`).',
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'commu-chat-test-redis-'));
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async () => {
    await stopChild(child, 5_000);
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  while (!(await canConnect(url, 500))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server did not start on port ${port}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop };
}
