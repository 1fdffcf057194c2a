import type { QueryConfig, QueryResult, QueryResultRow } from 'pg';
import { DataSource, EntityManager, QueryFailedError, type QueryRunner } from 'typeorm';

interface PgClient {
  query<R extends QueryResultRow>(config: QueryConfig): Promise<QueryResult<R>>;
}

/**
 * Runs a named (server-side prepared) statement, on the pool or on the connection of an open
 * transaction. Hot statements (the write path, unread counts) run thousands of times; unnamed
 * statements, all TypeORM offers, are parsed and planned by Postgres on every call, which on a small
 * machine costs as much as executing them (2-3 ms for the unread query). A name lets each pooled
 * connection plan a statement once.
 */
export async function preparedRows<R extends QueryResultRow>(executor: DataSource | EntityManager, name: string, text: string, values: unknown[]): Promise<R[]> {
  if (executor instanceof EntityManager && executor.queryRunner) return run<R>(executor.queryRunner, name, text, values);
  const dataSource = executor instanceof DataSource ? executor : executor.connection;
  const runner = dataSource.createQueryRunner();
  try {
    return await run<R>(runner, name, text, values);
  } finally {
    await runner.release();
  }
}

async function run<R extends QueryResultRow>(runner: QueryRunner, name: string, text: string, values: unknown[]): Promise<R[]> {
  const client = (await runner.connect()) as PgClient;
  try {
    return (await client.query<R>({ name, text, values })).rows;
  } catch (err) {
    // Wrapped as TypeORM wraps its own, so the error classification treats both alike.
    const sqlState = err instanceof Error && 'code' in err && typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code);
    throw sqlState ? new QueryFailedError(text, values, err) : err;
  }
}
