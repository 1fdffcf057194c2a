import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { nodeRegistryKeys } from '@app/shared';
import type Redis from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import request from 'supertest';
import { expectEventually } from '../../../../test/support/expect-eventually';
import { freePort } from '../../../../test/support/free-port';
import { testRedisUrl } from './multi-node';
import { TEST_SECRETS } from './socket-test-config';

/**
 * A socket node with SOCKET_WORKERS=2 (one port, two worker processes behind a sticky primary,
 * joined through Redis), run from the build (`npm run build:server`) as `npm start` and
 * docker-compose run it.
 */
const MAIN = path.resolve(__dirname, '..', '..', '..', '..', 'dist', 'apps', 'socket', 'src', 'main.js');

export type AnySocket = Socket;

export function connect(
  url: string,
  token: string,
  transports: ('polling' | 'websocket')[],
  query?: Record<string, string>,
): Promise<AnySocket> {
  const socket = io(url, { auth: { token }, forceNew: true, reconnection: false, transports, timeout: 5000, ...(query ? { query } : {}) });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export interface ClusteredNode {
  child: ChildProcess;
  port: number;
  /** Each worker's last reported socket count, sorted. */
  workerSockets(): Promise<number[]>;
  /** Each worker's last reported socket count, by worker index. */
  socketsByWorker(): Promise<Record<string, number>>;
  /** Pids of the primary's live workers. */
  workerPids(): number[];
  /** The pid of the worker that reports under this index (from its routing instance id, `<node>.<pid>.<hex>`). */
  workerPid(index: string): Promise<number>;
  /** SIGKILL if still running. */
  kill(): Promise<void>;
}

export async function startClusteredNode(
  apiUrl: string,
  keyPrefix: string,
  redis: Redis,
  env: Record<string, string> = {},
): Promise<ClusteredNode> {
  expect(fs.existsSync(MAIN)).toBe(true);
  const keys = nodeRegistryKeys(keyPrefix);
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      SOCKET_HOST: '127.0.0.1',
      SOCKET_PORT: String(port),
      SOCKET_WORKERS: '2',
      SOCKET_NODE_ID: 'clustered',
      API_URL: apiUrl,
      JWT_SECRET: TEST_SECRETS.jwtSecret,
      INTERNAL_TOKEN: TEST_SECRETS.internalToken,
      REDIS_URL: testRedisUrl(),
      REDIS_KEY_PREFIX: keyPrefix,
      ROUTING_REPORT_INTERVAL_MS: '100',
      ROUTING_NODE_TTL_MS: '1000',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const node: ClusteredNode = {
    child,
    port,
    async workerSockets() {
      const ids = await redis.zrange(keys.instances, 0, -1);
      const counts = await Promise.all(ids.map((id) => redis.hget(keys.instance(id), 'sockets')));
      return counts.map(Number).sort();
    },
    async socketsByWorker() {
      const ids = await redis.zrange(keys.instances, 0, -1);
      const rows = await Promise.all(ids.map((id) => redis.hmget(keys.instance(id), 'worker', 'sockets')));
      return Object.fromEntries(rows.map(([worker, sockets]) => [worker ?? '?', Number(sockets)]));
    },
    workerPids() {
      try {
        return execFileSync('pgrep', ['-P', String(child.pid)])
          .toString()
          .trim()
          .split('\n')
          .map(Number);
      } catch {
        return []; // pgrep exits 1 when there is none
      }
    },
    async workerPid(index) {
      const ids = await redis.zrange(keys.instances, 0, -1);
      const workers = await Promise.all(ids.map((id) => redis.hget(keys.instance(id), 'worker')));
      const id = ids.find((_, i) => workers[i] === index);
      if (!id) throw new Error(`no worker ${index} reports`);
      return Number(id.split('.').at(-2));
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
  await expectEventually(
    async () => {
      expect(child.exitCode).toBeNull();
      expect((await request(`http://127.0.0.1:${port}`).get('/health')).status).toBe(200);
      expect(await node.workerSockets()).toEqual([0, 0]);
    },
    30_000,
    100,
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n--- node output ---\n${output}`);
  });
  return node;
}
