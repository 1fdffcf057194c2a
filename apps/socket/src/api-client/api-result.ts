import type { ErrorInfo } from '@app/shared';

/** What every API call resolves to: calls never throw, so a handler always has an ack to send. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export function unavailable(message: string): { ok: false; error: ErrorInfo } {
  return { ok: false, error: { code: 'unavailable', message } };
}

/**
 * What a client hears when the API cannot be reached, is too slow or answers nonsense: what to do,
 * not why (the reason, e.g. ECONNREFUSED, is for the operator, in the socket app's log).
 */
export const UNAVAILABLE_FOR_CLIENTS = 'the chat service is briefly unavailable; try again in a moment';
