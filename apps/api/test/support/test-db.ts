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
