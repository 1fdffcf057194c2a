import type { PoolConfig } from 'pg';

/**
 * The pool every API connection comes from, in one place for the app's pool and the migration
 * runner. The defaults were TypeORM's `extra` options before the app left TypeORM for pg.
 */
export function createPoolConfig(url: string): PoolConfig {
  return {
    connectionString: url,
    max: 20,
    // Fail a request (503) rather than hang when the database cannot be reached.
    connectionTimeoutMillis: 5000,
    // A request never waits on the database forever; the socket app's own timeout is shorter still.
    statement_timeout: 15_000,
    application_name: 'commu-chat-api',
  };
}
