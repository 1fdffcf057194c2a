import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { API_MIGRATIONS } from '../src/database/migrations';
import { testDatabaseUrl } from './support/test-api-config';

/** The built entry docker-compose's `migrate` service and `npm run migrate` run (`npm run build:server` first). */
const MIGRATE = path.resolve(__dirname, '..', '..', '..', 'dist', 'apps', 'api', 'src', 'migrate.js');

async function onDatabase<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function runJob(env: NodeJS.ProcessEnv): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [MIGRATE], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** The one-off migration job: migrates a database and exits, so API replicas can start with MIGRATE_ON_START=false. */
describe('the migrate job', () => {
  const admin = new URL(testDatabaseUrl());
  admin.pathname = '/postgres';
  const name = `chat_migrate_job_${randomUUID().slice(0, 8)}`;
  const scratch = new URL(testDatabaseUrl());
  scratch.pathname = `/${name}`;

  beforeAll(async () => {
    if (!fs.existsSync(MIGRATE)) throw new Error(`${MIGRATE} is missing: run npm run build:server first`);
    await onDatabase(admin.toString(), (c) => c.query(`CREATE DATABASE "${name}"`));
  });
  afterAll(() => onDatabase(admin.toString(), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)));

  it('applies every migration and exits 0, needing only DATABASE_URL; a second run changes nothing', async () => {
    const first = runJob({ DATABASE_URL: scratch.toString() });
    expect(first).toEqual({ status: 0, output: expect.stringContaining('up to date') });
    const applied = () => onDatabase(scratch.toString(), async (c) => (await c.query('SELECT name FROM typeorm_migrations')).rowCount);
    expect(await applied()).toBe(API_MIGRATIONS.length);
    expect(runJob({ DATABASE_URL: scratch.toString() }).status).toBe(0);
    expect(await applied()).toBe(API_MIGRATIONS.length);
  });

  it('exits 1 with the reason when it cannot migrate', () => {
    const missing = runJob({});
    expect(missing.status).toBe(1);
    expect(missing.output).toContain('DATABASE_URL: is required');
    const unreachable = new URL(scratch);
    unreachable.pathname = `/no_such_database_${randomUUID().slice(0, 8)}`;
    expect(runJob({ DATABASE_URL: unreachable.toString() }).status).toBe(1);
  });
});
