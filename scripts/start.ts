import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadOrCreateSecrets, stopChild, waitForHttp, webOrigins } from './launcher-support';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres';
import { loadStartConfig, withoutSocketPublicUrl } from './launcher-config';
import { SOCKET_NODE_FLAGS } from '../apps/socket/src/node-flags';

/**
 * `npm start`: one command for a newcomer. Starts an embedded Postgres when DATABASE_URL is unset,
 * then the API and the socket app as child processes, and stops all of them on Ctrl-C.
 */
// Compiled to dist/scripts/start.js: the repository root is two levels up.
const ROOT = path.resolve(__dirname, '..', '..');
const log = (line: string) => console.log(`[start] ${line}`);

const children: ChildProcess[] = [];
let embedded: EmbeddedDatabase | undefined;
let stopping = false;

/** Stops the apps first (they drain their connections), then the embedded Postgres. */
async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('stopping...');
  // The socket node first: it drains, and the chats it still holds need the API. Then the API.
  // (The grace is past the socket's DRAIN_TIMEOUT_MS default, 10 s.)
  for (const group of [children.slice(1), children.slice(0, 1)]) {
    await Promise.all(group.map((child) => stopChild(child, 15_000)));
  }
  if (embedded) {
    await embedded.stop().catch((err: unknown) => log(`embedded Postgres did not stop cleanly: ${String(err)}`));
    log('embedded Postgres stopped');
  }
  process.exit(exitCode);
}

function takeOverSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stopAll(0));
  }
}

async function main(): Promise<void> {
  const config = loadStartConfig(process.env);
  const dataDir = path.resolve(ROOT, config.DATA_DIR);
  takeOverSignals();

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(dataDir, config.EMBEDDED_PG_PORT, log);
    // embedded-postgres hooks SIGINT/SIGTERM to stop its clusters and exit(130) at once; the apps
    // must stop before their database does, so the launcher keeps those signals to itself.
    takeOverSignals();
    databaseUrl = embedded.url;
    const shownDir = path.relative(ROOT, embedded.databaseDir).startsWith('..')
      ? embedded.databaseDir
      : path.relative(ROOT, embedded.databaseDir);
    log(`embedded Postgres on 127.0.0.1:${config.EMBEDDED_PG_PORT} (data in ${shownDir})`);
  }

  const secrets = config.JWT_SECRET && config.INTERNAL_TOKEN ? undefined : loadOrCreateSecrets(dataDir);
  const webDir = path.join(ROOT, 'dist', 'web');
  const socketPublicUrl = config.SOCKET_PUBLIC_URL ?? `http://${config.PUBLIC_HOST}:${config.SOCKET_PORT}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AUTH_MODE: config.AUTH_MODE ?? (embedded ? 'dev' : 'jwt'),
    JWT_SECRET: config.JWT_SECRET ?? secrets!.jwtSecret,
    INTERNAL_TOKEN: config.INTERNAL_TOKEN ?? secrets!.internalToken,
    API_PORT: String(config.API_PORT),
    INTERNAL_PORT: String(config.INTERNAL_PORT),
    SOCKET_PORT: String(config.SOCKET_PORT),
    ...(fs.existsSync(webDir) && !config.WEB_DIR ? { WEB_DIR: webDir } : {}),
    // Uploaded files live with the rest of the data unless told otherwise.
    ...(process.env.FILES_DIR ? {} : { FILES_DIR: path.join(dataDir, 'files') }),
  };
  // One node: what the API answers for every community is what that node announces.
  const apiEnv = { ...withoutSocketPublicUrl(env), SOCKET_ENDPOINT_URL: config.SOCKET_ENDPOINT_URL ?? socketPublicUrl };
  const socketEnv = {
    ...env,
    API_URL: config.API_URL ?? `http://127.0.0.1:${config.INTERNAL_PORT}`,
    SOCKET_PUBLIC_URL: socketPublicUrl,
    // The page the API serves is the one browser origin the node admits (unless CORS_ORIGIN says otherwise).
    CORS_ORIGIN: env.CORS_ORIGIN || webOrigins(config.PUBLIC_HOST, config.API_PORT),
  };

  const spawnApp = (name: string, entry: string, env: NodeJS.ProcessEnv, execArgv: readonly string[] = []) => {
    const child = fork(path.join(ROOT, 'dist', entry), [], { env, stdio: 'inherit', execArgv: [...process.execArgv, ...execArgv] });
    child.on('exit', (code, signal) => {
      if (stopping) return;
      // Ctrl-C reaches the whole process group: a child that stopped on a signal or cleanly was asked to.
      const asked = code === 0 || signal === 'SIGINT' || signal === 'SIGTERM';
      log(`${name} ${asked ? 'stopped' : `exited unexpectedly (${signal ?? `code ${code}`})`}; stopping the rest`);
      void stopAll(asked ? 0 : 1);
    });
    children.push(child);
    return child;
  };

  const api = spawnApp('api', 'apps/api/src/main.js', apiEnv);
  await waitForHttp(`http://127.0.0.1:${config.API_PORT}/api/me`, api);
  const socket = spawnApp('socket', 'apps/socket/src/main.js', socketEnv, SOCKET_NODE_FLAGS);
  await waitForHttp(`http://127.0.0.1:${config.SOCKET_PORT}/socket.io/?EIO=4&transport=polling`, socket);

  log(`API      http://${config.PUBLIC_HOST}:${config.API_PORT}/api  (auth mode: ${env.AUTH_MODE})`);
  log(`Socket   ${socketPublicUrl}  (namespaces /socket/commu-<communityId>)`);
  if (env.WEB_DIR) log(`Web chat http://${config.PUBLIC_HOST}:${config.API_PORT}/`);
  log('ready — press Ctrl-C to stop');
}

main().catch((err: unknown) => {
  console.error(`[start] failed: ${err instanceof Error ? err.message : String(err)}`);
  void stopAll(1);
});
