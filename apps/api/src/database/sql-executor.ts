import type { QueryResultRow } from 'pg';

/**
 * What SQL runs on: the pool (each statement on whichever connection is free) or the one connection
 * of an open transaction. Failures are pg's own errors (`DatabaseError` with its SQLSTATE `code`).
 */
export interface SqlExecutor {
  /** An unnamed statement: parsed and planned by Postgres on every call. Rows for every statement, UPDATE and DELETE too. */
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: readonly unknown[]): Promise<R[]>;
  /**
   * A named (server-side prepared) statement. Hot statements (the write path, unread counts) run
   * thousands of times; parsing and planning them costs as much as running them on a small machine
   * (2-3 ms for the unread query). A name lets each pooled connection plan a statement once, so one
   * name must always go with the same text.
   */
  prepared<R extends QueryResultRow = QueryResultRow>(name: string, text: string, values: readonly unknown[]): Promise<R[]>;
}
