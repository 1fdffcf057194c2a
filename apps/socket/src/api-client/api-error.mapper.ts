import type { ErrorInfo } from '@app/shared';
import { errorBodySchema } from './internal-response.schemas';

/**
 * An HTTP failure of an internal route as a contract error. Domain refusals arrive as
 * `{ ok: false, error }` answers, so a failing status means the API is down or refuses the socket
 * app itself: only validation and rate limits concern the client; the rest is `unavailable`.
 */
export function errorFromStatus(status: number, body: unknown): ErrorInfo {
  const parsed = errorBodySchema.safeParse(body);
  const detail = parsed.success ? `: ${parsed.data.error.message}` : '';
  if (status === 400 && parsed.success) return parsed.data.error;
  if (status === 429) return { code: 'rate_limited', message: `too many requests${detail}` };
  if (status === 401 || status === 403) {
    return { code: 'unavailable', message: `the API refused the socket server's INTERNAL_TOKEN (${status})` };
  }
  return { code: 'unavailable', message: `the API answered ${status}${detail}` };
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: { code?: unknown };
}

/**
 * Why a request got no answer at all, in words a log reader can act on. Duck-typed: errors raised
 * by Node internals need not be `instanceof` this realm's Error (Jest's sandbox, for one).
 */
export function describeTransportError(err: unknown, timeoutMs: number): string {
  if (typeof err !== 'object' || err === null) return `the API could not be reached (${String(err)})`;
  const e = err as ErrorLike;
  // Our own AbortSignal.timeout fires as a TimeoutError; undici's own timers have codes of their own.
  const timeoutCodes = ['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_ABORTED'];
  if (e.name === 'TimeoutError' || (typeof e.code === 'string' && timeoutCodes.includes(e.code))) {
    return `the API did not answer within ${timeoutMs} ms`;
  }
  const code = typeof e.code === 'string' ? e.code : typeof e.cause?.code === 'string' ? e.cause.code : undefined;
  return `the API could not be reached (${code ?? String(e.message ?? err)})`;
}
