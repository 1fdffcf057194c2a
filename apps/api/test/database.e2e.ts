import { DatabaseError } from 'pg';
import { DomainError } from '@app/shared';
import { classifyDatabaseError, isUniqueViolation } from '../src/common/postgres-errors';
import { Database } from '../src/database/database';
import { querySql, startTestApi, testApiConfig, uniqueName } from './support';

const usernames = (names: string[]) => querySql<{ username: string }>('SELECT username FROM users WHERE username = ANY($1) ORDER BY 1', [names]);

describe('Database', () => {
  let db: Database;
  beforeAll(() => {
    db = new Database(testApiConfig());
  });
  afterAll(() => db.close());

  it('commits a transaction whose work resolves, and answers with its result', async () => {
    const [a, b] = [uniqueName('tx-a'), uniqueName('tx-b')];
    const result = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO users (username) VALUES ($1)', [a]);
      await tx.prepared('database-test-insert-user', 'INSERT INTO users (username) VALUES ($1)', [b]);
      return 42;
    });
    expect(result).toBe(42);
    expect(await usernames([a, b])).toEqual([{ username: a }, { username: b }].sort((x, y) => x.username.localeCompare(y.username)));
  });

  it('rolls back a transaction whose work throws, and rethrows that very error', async () => {
    const name = uniqueName('tx-rollback');
    const thrown = new DomainError('forbidden', 'no');
    const attempt = db.transaction(async (tx) => {
      await tx.query('INSERT INTO users (username) VALUES ($1)', [name]);
      expect(await tx.query('SELECT username FROM users WHERE username = $1', [name])).toEqual([{ username: name }]);
      throw thrown;
    });
    await expect(attempt).rejects.toBe(thrown);
    expect(await usernames([name])).toEqual([]);
    // The connection went back to the pool usable, outside any transaction.
    expect(await db.query<{ open: boolean }>('SELECT now() <> statement_timestamp() AS open')).toEqual([{ open: false }]);
  });

  it('rolls back when a statement fails, with pg own error and its SQLSTATE', async () => {
    const name = uniqueName('tx-dup');
    const attempt = db.transaction(async (tx) => {
      await tx.query('INSERT INTO users (username) VALUES ($1)', [`${name}-first`]);
      await tx.query('INSERT INTO users (username) VALUES ($1), ($1)', [name]);
    });
    const err: unknown = await attempt.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect(err).toMatchObject({ code: '23505', constraint: 'users_username_key' });
    expect(isUniqueViolation(err, 'users_username_key')).toBe(true);
    expect(classifyDatabaseError(err)).toBe('conflict');
    expect(await usernames([name, `${name}-first`])).toEqual([]);
  });

  it('passes pg errors through on the pool, for plain and named statements', async () => {
    await expect(db.query('SELECT 1 / 0')).rejects.toMatchObject({ constructor: DatabaseError, code: '22012' });
    const err: unknown = await db.prepared('database-test-bad-uuid', 'SELECT $1::uuid AS id', ['not-a-uuid']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect(classifyDatabaseError(err)).toBe('not_found');
  });

  it('runs named statements as server-side prepared statements, on the pool and in a transaction', async () => {
    const prepared = (on: Pick<Database, 'query'>, name: string) =>
      on.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements WHERE name = $1', [name]);
    expect(await db.prepared<{ n: number }>('database-test-pool', 'SELECT $1::int + 1 AS n', [1])).toEqual([{ n: 2 }]);
    expect(await db.prepared<{ n: number }>('database-test-pool', 'SELECT $1::int + 1 AS n', [41])).toEqual([{ n: 42 }]);
    // Run one at a time, pool statements take the connection that was idle last: the one that prepared it.
    expect(await prepared(db, 'database-test-pool')).toEqual([{ statement: 'SELECT $1::int + 1 AS n' }]);

    const inTx = await db.transaction(async (tx) => {
      const rows = await tx.prepared<{ n: number }>('database-test-tx', 'SELECT $1::int * 2 AS n', [21]);
      return { rows, statements: await prepared(tx, 'database-test-tx') };
    });
    expect(inTx).toEqual({ rows: [{ n: 42 }], statements: [{ statement: 'SELECT $1::int * 2 AS n' }] });
  });

  it('gives UPDATE rows like SELECT, and none without RETURNING', async () => {
    const name = uniqueName('update');
    await db.query('INSERT INTO users (username) VALUES ($1)', [name]);
    expect(await db.query('UPDATE users SET username = username WHERE username = $1 RETURNING username', [name])).toEqual([{ username: name }]);
    expect(await db.query('UPDATE users SET username = username WHERE username = $1', [name])).toEqual([]);
  });
});

describe('Database in the API', () => {
  it('is closed when the app closes: its connections end and it takes no more statements', async () => {
    const api = await startTestApi();
    const db = api.app.get(Database);
    const [{ pid }] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    expect(await querySql('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).toHaveLength(1);

    await api.close();

    await expect(db.query('SELECT 1')).rejects.toThrow(/after calling end/);
    const deadline = Date.now() + 5000;
    while ((await querySql('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).length > 0) {
      if (Date.now() > deadline) throw new Error(`backend ${pid} still connected 5 s after the app closed`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
});
