import type { ErrorCode } from '@app/shared';
import { DatabaseError } from 'pg';

/** SQLSTATEs and connection failures the API can name in contract terms. */
const CODE_BY_SQLSTATE: Record<string, ErrorCode> = {
  '23505': 'conflict', // unique_violation
  '23503': 'not_found', // foreign_key_violation: the referenced row does not exist
  '22P02': 'not_found', // invalid_text_representation, e.g. a malformed uuid used as an id
  '40001': 'unavailable', // serialization_failure
  '40P01': 'unavailable', // deadlock_detected
  '57014': 'unavailable', // query_canceled (statement timeout)
  '57P01': 'unavailable', // admin_shutdown
  '57P03': 'unavailable', // cannot_connect_now: the server is starting up or shutting down
  '53300': 'unavailable', // too_many_connections
};

const NETWORK_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

/** The SQLSTATE of an error the server answered with (pg's DatabaseError); undefined for anything else. */
export function sqlStateOf(err: unknown): string | undefined {
  return err instanceof DatabaseError ? err.code : undefined;
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (sqlStateOf(err) !== '23505') return false;
  return constraint === undefined || (err as DatabaseError).constraint === constraint;
}

/** Maps database and connection failures to a contract code; undefined for anything else. */
export function classifyDatabaseError(err: unknown): ErrorCode | undefined {
  const state = sqlStateOf(err);
  if (state) return CODE_BY_SQLSTATE[state] ?? (state.startsWith('08') ? 'unavailable' : undefined);
  // Duck-typed, not `instanceof Error`: socket errors come from Node's own realm.
  if (typeof err !== 'object' || err === null) return undefined;
  const { code: errno, message } = err as { code?: unknown; message?: unknown };
  if (typeof errno === 'string' && NETWORK_ERRNOS.has(errno)) return 'unavailable';
  // node-postgres pool and connection failures carry no code, only these messages.
  if (
    typeof message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message)
  ) {
    return 'unavailable';
  }
  return undefined;
}
