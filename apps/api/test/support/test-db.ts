import { Client } from 'pg';
import { testDatabaseUrl } from './test-api-config';

/**
 * Direct SQL for what no route does (making someone admin, removing a member) and for checking
 * what was really stored. One short-lived connection per call keeps tests independent.
 */
export async function querySql<T extends object = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * Resolves once `count` sessions of the test database wait for a lock in a statement containing
 * `fragment`: how a test puts concurrent requests in a known order behind a lock it holds.
 */
export async function waitForLockWaiters(fragment: string, count = 1, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await querySql<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND strpos(query, $1) > 0`,
      [fragment],
    );
    if (Number(row.n) >= count) return;
    if (Date.now() > deadline) throw new Error(`${count} session(s) waiting for a lock in "${fragment}" not seen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
