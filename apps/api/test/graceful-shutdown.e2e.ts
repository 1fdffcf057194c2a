import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { expectEventually } from '../../../test/support/expect-eventually';
import { freePort } from '../../../test/support/free-port';
import { createCommunity, loginAs, TEST_INTERNAL_TOKEN, TEST_JWT_SECRET, testDatabaseUrl, waitForLockWaiters } from './support';

/** The built API entry (`npm run build:server` first), as docker-compose and `npm start` run it. */
const MAIN = path.resolve(__dirname, '..', '..', '..', 'dist', 'apps', 'api', 'src', 'main.js');

/**
 * Issue #18: SIGTERM on the API. A request in flight is answered (here: one that waits on a lock
 * in its first query and needs the pool again for its second), then the process exits 0.
 */
describe('the API on SIGTERM', () => {
  jest.setTimeout(60_000);
  let child: ChildProcess | undefined;
  let locker: Client | undefined;

  afterEach(async () => {
    await locker?.end().catch(() => undefined);
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('answers a request in flight, then closes the pool and exits 0', async () => {
    expect(fs.existsSync(MAIN)).toBe(true);
    const [apiPort, internalPort] = [await freePort(), await freePort()];
    const url = `http://127.0.0.1:${apiPort}`;
    let output = '';
    const proc = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: testDatabaseUrl(),
        MIGRATE_ON_START: 'false',
        API_HOST: '127.0.0.1',
        API_PORT: String(apiPort),
        INTERNAL_PORT: String(internalPort),
        AUTH_MODE: 'dev',
        JWT_SECRET: TEST_JWT_SECRET,
        INTERNAL_TOKEN: TEST_INTERNAL_TOKEN,
        LOG_LEVEL: 'log',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      proc.once('exit', (code, signal) => resolve({ code, signal })),
    );
    await expectEventually(async () => expect((await request(url).get('/health/live')).status).toBe(200), 30_000, 100).catch((err: Error) => {
      throw new Error(`${err.message}\n--- API output ---\n${output}`);
    });
    const owner = await loginAs(url);
    const community = await createCommunity(url, owner);

    // The membership check (the request's first query) waits behind this lock.
    locker = new Client({ connectionString: testDatabaseUrl() });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE community_members IN ACCESS EXCLUSIVE MODE');
    const inFlight = request(url)
      .get(`/api/communities/${community.id}/channels`)
      .set(owner.auth)
      .then((res) => res);
    await waitForLockWaiters('community_members');

    proc.kill('SIGTERM');
    // Stopping: the listener no longer takes new connections.
    await expectEventually(() => expect(output).toMatch(/SIGTERM received/), 5000);
    await expectEventually(
      async () =>
        expect(
          await request(url)
            .get('/health/live')
            .then(
              () => 'answered',
              () => 'refused',
            ),
        ).toBe('refused'),
      5000,
    );
    expect(proc.exitCode).toBeNull();
    await locker.query('COMMIT');

    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(output).toMatch(/SIGTERM: listeners closed in \d+ ms/);
  });
});
