import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { API_MIGRATIONS } from './migrations';
import { createPoolConfig } from './pool-options';

/**
 * TypeORM runs the migrations (run-migrations.ts at boot, the CLI, the tests) and nothing else: the
 * app's queries go through Database (database.ts) on a pg pool of its own.
 */
export function createDataSourceOptions(url: string): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url,
    migrations: API_MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    // The schema changes only through reviewed migrations, never from entity metadata.
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: createPoolConfig(url),
  };
}
