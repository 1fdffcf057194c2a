import { REQUEST_ID_HEADER, requestIdFrom } from '@app/server';
import type { HttpRequest, HttpResponse, NextFunction } from './http.types';

/**
 * Gives every request an id before anything else sees it: the caller's `x-request-id` when it is a
 * sane one (the socket app sends one per internal call), a fresh one otherwise. Echoed in the
 * answer, carried by the request's log lines (pino-http reads `req.id`) and used as the `ref` of
 * error bodies, so one id ties a client's report, the socket app's log and the API's log together.
 */
export function requestIdMiddleware(req: HttpRequest, res: HttpResponse, next: NextFunction): void {
  req.id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
  res.setHeader(REQUEST_ID_HEADER, req.id);
  next();
}
