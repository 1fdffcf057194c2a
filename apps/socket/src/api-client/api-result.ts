import type { ErrorInfo } from '@app/shared';

/** What every API call resolves to: calls never throw, so a handler always has an ack to send. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export function unavailable(message: string): { ok: false; error: ErrorInfo } {
  return { ok: false, error: { code: 'unavailable', message } };
}
