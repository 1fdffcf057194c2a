import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Pool, type PoolClient, type QueryResultRow } from 'pg';
import { ApiConfig } from '../config/api-config';
import { createPoolConfig } from './pool-options';
import type { SqlExecutor } from './sql-executor';

/** A pg Pool or PoolClient: both run a query config and resolve with its result. */
type Queryable = Pick<PoolClient, 'query'>;

function executorOn(target: Queryable): SqlExecutor {
  return {
    async query<R extends QueryResultRow>(text: string, values: readonly unknown[] = []) {
      return (await target.query<R>(text, values as unknown[])).rows;
    },
    async prepared<R extends QueryResultRow>(name: string, text: string, values: readonly unknown[]) {
      return (await target.query<R>({ name, text, values: values as unknown[] })).rows;
    },
  };
}

/**
 * The API's one connection pool. Statements on it take any free connection; `transaction` holds
 * one connection from BEGIN to COMMIT and hands out an executor bound to it.
 */
@Injectable()
export class Database implements SqlExecutor, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(Database.name);
  private readonly pool: Pool;
  private readonly onPool: SqlExecutor;
  private closed = false;

  constructor(config: ApiConfig) {
    this.pool = new Pool(createPoolConfig(config.DATABASE_URL));
    // An idle connection that breaks (the server restarts) is dropped by the pool; unheard, the
    // event would crash the process.
    this.pool.on('error', (err) => this.logger.warn(`an idle database connection failed: ${err.message}`));
    this.onPool = executorOn(this.pool);
  }

  /** Fails the boot when the database cannot be reached, instead of the first request. */
  async onModuleInit(): Promise<void> {
    const client = await this.pool.connect();
    client.release();
  }

  /** Last in Nest's shutdown, after the listeners closed: requests in flight still had the pool. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  /** Waits for checked-out connections to come back, then closes every connection; idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /** The pool's own counters (total, idle, waiting), read by the metrics at scrape time. */
  get poolCounts(): Pick<Pool, 'totalCount' | 'idleCount' | 'waitingCount'> {
    return this.pool;
  }

  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: readonly unknown[]): Promise<R[]> {
    return this.onPool.query<R>(text, values);
  }

  prepared<R extends QueryResultRow = QueryResultRow>(name: string, text: string, values: readonly unknown[]): Promise<R[]> {
    return this.onPool.prepared<R>(name, text, values);
  }

  /**
   * Runs `work` in one transaction on one connection: committed when it resolves, rolled back when
   * it throws (its error is rethrown as is). A connection whose ROLLBACK fails is broken (the server
   * went away mid-transaction) and is destroyed rather than given back to the pool.
   */
  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(executorOn(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw err;
    } finally {
      client.release(broken);
    }
  }
}
