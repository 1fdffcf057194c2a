import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { createBenchDatabase, type BenchDatabase } from './bench-database';
import type { BenchStack, MemoryUsageSample, ModeSpec, RunningSocket } from './bench-stack';
import { SOCKET_NODE_FLAGS } from '../../../apps/socket/src/public-api';
import { spawnNode, stopChild } from './spawn-node';
import { freePort, waitForHttp } from './wait-for-http';

export interface SpawnedStackOptions {
  /** Root of the built tree (`dist/`), holding `apps/*\/src/main.js`. */
  distDir: string;
  adminDatabaseUrl: string;
  redisUrl?: string;
  logDir: string;
  keepDatabase: boolean;
  /** Extra environment for both apps (e.g. to raise a rate limit for the bench). */
  extraEnv?: Record<string, string>;
  log: (line: string) => void;
}

/** Variables the bench sets itself; inheriting them from the caller's shell would skew a mode. */
const OWNED_VARS = ['CHAT_WRITE_MODE', 'DATABASE_URL', 'REDIS_URL', 'API_PORT', 'INTERNAL_PORT', 'SOCKET_PORT', 'API_URL', 'PORT'];

function memoryOf(child: ChildProcess, snapshotDir?: string): () => Promise<MemoryUsageSample | null> {
  let nextId = 1;
  return () =>
    new Promise((resolve) => {
      if (!child.connected) return resolve(null);
      const id = nextId++;
      const timer = setTimeout(() => {
        child.off('message', onMessage);
        resolve(null);
      }, 10_000);
      const onMessage = (raw: unknown) => {
        const msg = raw as { type?: string; id?: number; usage?: MemoryUsageSample };
        if (msg?.type !== 'bench:memory' || msg.id !== id) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(msg.usage ?? null);
      };
      child.on('message', onMessage);
      const snapshotPath = snapshotDir ? path.join(snapshotDir, `memory-${child.pid}-${id}.heapsnapshot`) : undefined;
      child.send({ type: 'bench:memory', id, snapshotPath });
    });
}

/**
 * Starts what `npm start` starts, from the built `dist/`: a fresh migrated database, the API, and
 * one socket app per chat mode, each a separate Node process the bench can measure in /proc.
 */
export async function startSpawnedStack(options: SpawnedStackOptions): Promise<BenchStack> {
  const apiMain = path.join(options.distDir, 'apps/api/src/main.js');
  const socketMain = path.join(options.distDir, 'apps/socket/src/main.js');
  for (const file of [apiMain, socketMain]) if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  const probe = path.join(__dirname, 'memory-probe.js');
  fs.mkdirSync(options.logDir, { recursive: true });
  // BENCH_PROFILE=api,socket writes V8 CPU profiles of those apps to <logDir>/profiles on exit.
  const profiled = new Set((process.env.BENCH_PROFILE ?? '').split(',').map((s) => s.trim()));
  const nodeFlags = (app: string) => [
    '--expose-gc',
    '-r',
    probe,
    ...(profiled.has(app.split('-')[0])
      ? ['--cpu-prof', `--cpu-prof-dir=${path.join(options.logDir, 'profiles')}`, `--cpu-prof-name=${app}.cpuprofile`]
      : []),
  ];

  const database: BenchDatabase = await createBenchDatabase(options.adminDatabaseUrl);
  options.log(`database ${new URL(database.url).pathname.slice(1)} created and migrated`);
  // BENCH_SETUP_SQL: an experiment on the schema (say, an index to try) applied to the bench database only.
  if (process.env.BENCH_SETUP_SQL) {
    const db = new Client({ connectionString: database.url });
    await db.connect();
    await db.query(process.env.BENCH_SETUP_SQL);
    await db.end();
    options.log(`applied BENCH_SETUP_SQL: ${process.env.BENCH_SETUP_SQL}`);
  }

  const baseEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of OWNED_VARS) delete baseEnv[name];
  const secrets = {
    JWT_SECRET: crypto.randomBytes(24).toString('hex'),
    INTERNAL_TOKEN: crypto.randomBytes(24).toString('hex'),
  };
  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const internalPort = await freePort();
  const internalUrl = `http://127.0.0.1:${internalPort}`;
  const common = {
    ...baseEnv,
    ...secrets,
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    // The per-socket chat budget (50/s by default) protects a real server from one noisy client; the
    // bench offers thousands per second over a hundred sockets, so it lifts the budget out of the way.
    CHAT_RATE_PER_SEC: '100000',
    CHAT_RATE_BURST: '100000',
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    ...options.extraEnv,
  };

  const api = spawnNode(apiMain, [], {
    env: {
      ...common,
      DATABASE_URL: database.url,
      AUTH_MODE: 'dev',
      API_HOST: '127.0.0.1',
      API_PORT: String(apiPort),
      INTERNAL_PORT: String(internalPort),
      // Setting up the topology is thousands of writes from one address: out of the limits' way.
      REST_WRITES_PER_MINUTE: '1000000',
      LOGINS_PER_MINUTE: '1000000',
      SOCKET_PUBLIC_URL: 'http://127.0.0.1:1',
    },
    execArgv: nodeFlags('api'),
    logFile: path.join(options.logDir, 'api.log'),
  });
  const sockets = new Map<string, { children: ChildProcess[]; running: RunningSocket }>();

  /** One socket app process; `suffix` tells the nodes of one mode apart (`-0`, `-1`, ...). */
  const startSocketNode = async (mode: ModeSpec, suffix: string): Promise<{ child: ChildProcess; url: string }> => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...common,
      SOCKET_HOST: '127.0.0.1',
      SOCKET_PORT: String(port),
      API_URL: internalUrl,
      SOCKET_PUBLIC_URL: url,
      SOCKET_NODE_ID: `bench-${mode.name}${suffix}`,
      ...(mode.writeMode ? { CHAT_WRITE_MODE: mode.writeMode } : {}),
      ...mode.env,
    };
    const logFile = path.join(options.logDir, `socket-${mode.name}${suffix}.log`);
    const child = spawnNode(socketMain, [], { env, execArgv: [...SOCKET_NODE_FLAGS, ...nodeFlags(`socket-${mode.name}`)], logFile });
    try {
      await waitForHttp(`${url}/socket.io/?EIO=4&transport=polling`, 60_000, () => child.exitCode === null);
    } catch (err) {
      await stopChild(child);
      throw new Error(`${(err as Error).message}; see ${logFile}`);
    }
    const vars = { ...(mode.writeMode ? { CHAT_WRITE_MODE: mode.writeMode } : {}), ...mode.env };
    options.log(
      `socket[${mode.name}${suffix}] pid ${child.pid} on ${url} ${Object.entries(vars)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
    return { child, url };
  };
  try {
    await waitForHttp(`${apiUrl}/api/me`, 60_000, () => api.exitCode === null);
  } catch (err) {
    await stopChild(api);
    if (!options.keepDatabase) await database.drop();
    throw new Error(`${(err as Error).message}; see ${path.join(options.logDir, 'api.log')}`);
  }
  options.log(`api pid ${api.pid} on ${apiUrl}`);

  const stack: BenchStack = {
    kind: 'spawned',
    apiUrl,
    apiPid: api.pid ?? -1,
    internalToken: secrets.INTERNAL_TOKEN,
    internalUrl,
    databaseUrl: database.url,
    parallelSockets: !options.redisUrl,
    async startSocket(mode: ModeSpec): Promise<RunningSocket> {
      const count = mode.nodes ?? 1;
      if (count > 1 && !options.redisUrl) throw new Error(`mode ${mode.name}: ${count} socket nodes need Redis (--redis)`);
      const nodes: { child: ChildProcess; url: string }[] = [];
      try {
        for (let i = 0; i < count; i++) nodes.push(await startSocketNode(mode, count > 1 ? `-${i}` : ''));
      } catch (err) {
        await Promise.all(nodes.map((n) => stopChild(n.child)));
        throw err;
      }
      // BENCH_HEAP_SNAPSHOT=1: every memory reading of a socket app also writes a heap snapshot to the log dir.
      const snapshotDir = process.env.BENCH_HEAP_SNAPSHOT ? options.logDir : undefined;
      const [first] = nodes;
      const running: RunningSocket = {
        mode: mode.name,
        url: first!.url,
        pid: first!.child.pid ?? -1,
        nodes: nodes.map((n) => ({ url: n.url, pid: n.child.pid ?? -1 })),
        memory: memoryOf(first!.child, snapshotDir),
      };
      sockets.set(mode.name, { children: nodes.map((n) => n.child), running });
      return running;
    },
    async stopSocket(name: string): Promise<void> {
      const entry = sockets.get(name);
      if (!entry) return;
      sockets.delete(name);
      await Promise.all(entry.children.map((child) => stopChild(child)));
    },
    async stop(): Promise<void> {
      await Promise.all([...sockets.values()].flatMap((s) => s.children.map((child) => stopChild(child))));
      await stopChild(api);
      if (!options.keepDatabase) await database.drop().catch((err: unknown) => options.log(`could not drop the bench database: ${String(err)}`));
    },
  };
  return stack;
}
