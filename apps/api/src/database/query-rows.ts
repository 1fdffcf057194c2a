import { DataSource, EntityManager } from 'typeorm';

/** Anything SQL can run on: the pool, or the manager of an open transaction. */
export type SqlExecutor = DataSource | EntityManager;

/**
 * Runs raw SQL and returns its rows. TypeORM's plain `query()` returns `[rows, count]` for
 * UPDATE/DELETE but bare rows otherwise; the structured result gives rows for every statement.
 */
export async function queryRows<T>(executor: SqlExecutor, sql: string, params: unknown[] = []): Promise<T[]> {
  if (executor instanceof EntityManager && executor.queryRunner) {
    return (await executor.queryRunner.query(sql, params, true)).records as T[];
  }
  const dataSource = executor instanceof DataSource ? executor : executor.connection;
  const runner = dataSource.createQueryRunner();
  try {
    return (await runner.query(sql, params, true)).records as T[];
  } finally {
    await runner.release();
  }
}

/** The first row, or undefined. */
export async function queryOne<T>(executor: SqlExecutor, sql: string, params: unknown[] = []): Promise<T | undefined> {
  const rows = await queryRows<T>(executor, sql, params);
  return rows[0];
}
