import type { QueryConfig, QueryResult, QueryResultRow } from 'pg';
import { DataSource, EntityManager, QueryFailedError, TypeORMError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** A pg Client or Pool: both run a query config and resolve with its result. */
interface PgQueryable {
  query<R extends QueryResultRow>(config: QueryConfig): Promise<QueryResult<R>>;
}

/**
 * Runs a named (server-side prepared) statement, on the pool or on the connection of an open
 * transaction. Hot statements (the write path, unread counts) run thousands of times; unnamed
 * statements, all TypeORM offers, are parsed and planned by Postgres on every call, which on a small
 * machine costs as much as executing them (2-3 ms for the unread query, measured 2026-11). A name lets each pooled
 * connection plan a statement once.
 */
export async function preparedRows<R extends QueryResultRow>(executor: DataSource | EntityManager, name: string, text: string, values: unknown[]): Promise<R[]> {
  if (executor instanceof EntityManager && executor.queryRunner) {
    const client = (await executor.queryRunner.connect()) as PgQueryable;
    return run<R>(client, name, text, values);
  }
  const dataSource = executor instanceof DataSource ? executor : executor.connection;
  // Straight to pg's pool, which takes a connection, runs the statement and gives it back: a TypeORM
  // QueryRunner per call (what createQueryRunner() costs) buys nothing outside a transaction.
  return run<R>(poolOf(dataSource), name, text, values);
}

function poolOf(dataSource: DataSource): PgQueryable {
  const pool = (dataSource.driver as PostgresDriver).master as PgQueryable | undefined;
  if (!pool) throw new TypeORMError('Driver not Connected');
  return pool;
}

async function run<R extends QueryResultRow>(client: PgQueryable, name: string, text: string, values: unknown[]): Promise<R[]> {
  try {
    return (await client.query<R>({ name, text, values })).rows;
  } catch (err) {
    // Wrapped as TypeORM wraps its own, so the error classification treats both alike.
    const sqlState = err instanceof Error && 'code' in err && typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code);
    throw sqlState ? new QueryFailedError(text, values, err) : err;
  }
}
