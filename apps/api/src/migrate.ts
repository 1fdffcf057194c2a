import { Logger } from '@nestjs/common';
import { ConfigError } from '@app/server';
import { loadMigrateConfig } from './config/api-config';
import { runMigrations } from './database/run-migrations';

/**
 * One-off migration job (`npm run migrate`, docker-compose's `migrate` service): applies pending
 * migrations and exits 0, or exits 1 with the reason. API replicas then start with
 * MIGRATE_ON_START=false and never race each other or a long migration at boot.
 */
async function migrate(): Promise<void> {
  const { DATABASE_URL } = loadMigrateConfig();
  await runMigrations(DATABASE_URL);
  new Logger('Migrate').log('database schema is up to date');
}

migrate().catch((err: unknown) => {
  // Config errors already name every bad variable; print them without a stack.
  process.stderr.write(`${err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
