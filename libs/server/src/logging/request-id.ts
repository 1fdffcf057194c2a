import { randomUUID } from 'node:crypto';

/** The header carrying a request's id, on the API's requests and answers and the socket app's calls to the API. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * What an incoming id may look like to be kept: what proxies and tracers generate (UUIDs, hex,
 * base64url, dotted or colon-separated ids), nothing that could forge a log line or a header.
 */
const SANE_REQUEST_ID = /^[\w.:+/=@-]{1,128}$/;

/** A fresh request id. */
export function newRequestId(): string {
  return randomUUID();
}

/** The incoming header's id when it is one sane string of at most 128 characters; otherwise a fresh one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : newRequestId();
}
