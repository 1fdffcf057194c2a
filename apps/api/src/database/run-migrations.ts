import { DataSource } from 'typeorm';
import { createDataSourceOptions } from './data-source';
import { waitForDatabase } from './wait-for-database';

/** Any fixed number: it only has to be the same for every API process sharing a database. */
const MIGRATION_LOCK_KEY = 7_341_902;

/**
 * Applies pending migrations and disconnects; a no-op on an up-to-date database. Waits (bounded) for a
 * Postgres that is still starting. An advisory lock
 * keeps two API nodes that boot together from applying the same migration twice.
 */
export async function runMigrations(url: string): Promise<void> {
  await waitForDatabase(url);
  const options = createDataSourceOptions(url);
  // Migrations may rewrite large tables: no statement timeout for them.
  const dataSource = new DataSource({ ...options, extra: { ...options.extra, statement_timeout: 0 } });
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lock.release();
    await dataSource.destroy();
  }
}
