import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { canConnect, loadOrCreateSecrets, stopChild, waitForHttp, webOrigins } from './launcher-support';
import { loadClusterConfig, withoutSocketPublicUrl } from './launcher-config';
import { SOCKET_NODE_FLAGS } from '../apps/socket/src/node-flags';

/**
 * `npm run start:cluster`: scale-out on one machine, to watch it work. The API and two socket
 * nodes of SOCKET_WORKERS processes each (four socket processes), joined through Redis, against
 * the Postgres and Redis the environment names (127.0.0.1 by default). Ctrl-C stops everything.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const log = (line: string) => console.log(`[cluster] ${line}`);

const children: ChildProcess[] = [];
let stopping = false;

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('stopping...');
  // Socket nodes first (they leave routing and close their sockets), then the API.
  for (const group of [children.slice(1), children.slice(0, 1)]) {
    await Promise.all(group.map((child) => stopChild(child, 15_000)));
  }
  process.exit(exitCode);
}

async function main(): Promise<void> {
  const config = loadClusterConfig(process.env);
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  for (const [what, url] of [
    ['Postgres (DATABASE_URL)', config.DATABASE_URL],
    ['Redis (REDIS_URL)', config.REDIS_URL],
  ] as const) {
    if (!(await canConnect(url)))
      throw new Error(`${what} is not reachable at ${new URL(url).host}: start it, or point ${what.split('(')[1].slice(0, -1)} at one`);
  }
  const secrets = config.JWT_SECRET && config.INTERNAL_TOKEN ? undefined : loadOrCreateSecrets(path.resolve(ROOT, config.DATA_DIR));
  const webDir = path.join(ROOT, 'dist', 'web');
  // SOCKET_PUBLIC_URL is each node's own; with Redis the API answers from routing, not from it.
  const common: NodeJS.ProcessEnv = {
    ...withoutSocketPublicUrl(process.env),
    DATABASE_URL: config.DATABASE_URL,
    REDIS_URL: config.REDIS_URL,
    AUTH_MODE: config.AUTH_MODE,
    JWT_SECRET: config.JWT_SECRET ?? secrets!.jwtSecret,
    INTERNAL_TOKEN: config.INTERNAL_TOKEN ?? secrets!.internalToken,
  };

  const spawnApp = (name: string, entry: string, env: NodeJS.ProcessEnv, execArgv: readonly string[] = []) => {
    const child = fork(path.join(ROOT, 'dist', entry), [], {
      env: { ...common, ...env },
      stdio: 'inherit',
      execArgv: [...process.execArgv, ...execArgv],
    });
    child.on('exit', (code, signal) => {
      if (stopping) return;
      const asked = code === 0 || signal === 'SIGINT' || signal === 'SIGTERM';
      log(`${name} ${asked ? 'stopped' : `exited unexpectedly (${signal ?? `code ${code}`})`}; stopping the rest`);
      void stopAll(asked ? 0 : 1);
    });
    children.push(child);
    return child;
  };

  const nodeUrls = [1, 2].map((n) => `http://${config.PUBLIC_HOST}:${config.SOCKET_PORT + n - 1}`);
  const api = spawnApp('api', 'apps/api/src/main.js', {
    API_PORT: String(config.API_PORT),
    INTERNAL_PORT: String(config.INTERNAL_PORT),
    // The page may open sockets to these nodes (its Content-Security-Policy).
    CSP_CONNECT_SRC: nodeUrls.join(','),
    ...(fs.existsSync(webDir) && !config.WEB_DIR ? { WEB_DIR: webDir } : {}),
    // Uploaded files live with the rest of the data unless told otherwise.
    ...(process.env.FILES_DIR ? {} : { FILES_DIR: path.join(path.resolve(ROOT, config.DATA_DIR), 'files') }),
  });
  await waitForHttp(`http://127.0.0.1:${config.API_PORT}/api/me`, api);

  const nodes = [1, 2].map((n) => {
    const port = config.SOCKET_PORT + n - 1;
    const url = nodeUrls[n - 1];
    const child = spawnApp(
      `socket-${n}`,
      'apps/socket/src/main.js',
      {
        SOCKET_PORT: String(port),
        SOCKET_WORKERS: String(config.SOCKET_WORKERS),
        SOCKET_NODE_ID: `socket-${n}`,
        SOCKET_PUBLIC_URL: url,
        API_URL: `http://127.0.0.1:${config.INTERNAL_PORT}`,
        CORS_ORIGIN: webOrigins(config.PUBLIC_HOST, config.API_PORT),
      },
      SOCKET_NODE_FLAGS,
    );
    return { child, port, url };
  });
  await Promise.all(nodes.map(({ child, port }) => waitForHttp(`http://127.0.0.1:${port}/health`, child)));

  log(`API       http://${config.PUBLIC_HOST}:${config.API_PORT}/api  (auth mode: ${config.AUTH_MODE})`);
  for (const [i, node] of nodes.entries()) log(`socket-${i + 1}  ${node.url}  (${config.SOCKET_WORKERS} workers)`);
  log(`Postgres  ${new URL(config.DATABASE_URL).host}   Redis  ${new URL(config.REDIS_URL).host}`);
  if (fs.existsSync(webDir) && !config.WEB_DIR) log(`Web chat  http://${config.PUBLIC_HOST}:${config.API_PORT}/`);
  log('each community is served from one node (GET /api/communities/:id/endpoint); chat reaches every node through Redis');
  log('ready — press Ctrl-C to stop');
}

main().catch((err: unknown) => {
  console.error(`[cluster] failed: ${err instanceof Error ? err.message : String(err)}`);
  void stopAll(1);
});
