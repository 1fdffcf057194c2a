import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { REQUEST_ID_HEADER, RepeatedErrorLog, errorKind, requestIdFrom } from '@app/server';
import { DomainError, type ErrorBody, type ErrorCode, type ErrorInfo, HTTP_STATUS_BY_CODE } from '@app/shared';
import type { HttpRequest, HttpResponse } from './http.types';
import { PayloadTooLargeError } from './payload-too-large.error';
import { classifyDatabaseError } from './postgres-errors';

export interface MappedError {
  status: number;
  body: ErrorBody;
  /** Set for failures the client cannot fix: logged with this id, which the client also gets. */
  correlationId?: string;
}

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'validation_failed',
  429: 'rate_limited',
  503: 'unavailable',
};

const MESSAGE_BY_CODE: Partial<Record<ErrorCode, string>> = {
  not_found: 'not found',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  conflict: 'conflict',
  unavailable: 'the service is temporarily unavailable',
};

/** body-parser and other http-errors: a 4xx `status` plus `expose`, but no HttpException. */
function httpErrorStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { status, expose } = err as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true ? status : undefined;
}

function fromStatus(status: number, rawMessage: string): MappedError {
  const code = CODE_BY_STATUS[status] ?? 'validation_failed';
  let message = rawMessage;
  if (status === 413) message = 'request body too large';
  else if (status === 400 && /JSON/i.test(rawMessage)) message = 'malformed JSON body';
  else if (status === 404) message = 'not found';
  return { status, body: { error: { code, message } } };
}

/** Pure mapping, kept apart from Nest so it is unit-tested directly. */
export function mapException(err: unknown, correlationId: () => string = randomUUID): MappedError {
  if (err instanceof DomainError) {
    return { status: HTTP_STATUS_BY_CODE[err.code], body: { error: err.toInfo() } };
  }
  if (err instanceof PayloadTooLargeError) return { status: 413, body: { error: { code: 'validation_failed', message: err.message } } };
  if (err instanceof HttpException) {
    const status = err.getStatus();
    if (status < 500) return fromStatus(status, err.message);
  }
  const clientStatus = httpErrorStatus(err);
  if (clientStatus !== undefined) return fromStatus(clientStatus, String((err as { message?: unknown }).message ?? ''));

  const dbCode = err instanceof HttpException && err.getStatus() === 503 ? 'unavailable' : classifyDatabaseError(err);
  // A unique or foreign-key violation that reaches here is a race the service did not foresee:
  // still the client's conflict, not a server fault. Unavailability is worth a log line.
  if (dbCode === 'conflict' || dbCode === 'not_found') {
    return { status: HTTP_STATUS_BY_CODE[dbCode], body: { error: { code: dbCode, message: MESSAGE_BY_CODE[dbCode]! } } };
  }
  const id = correlationId();
  const code: ErrorCode = dbCode === 'unavailable' ? 'unavailable' : 'internal_error';
  const error: ErrorInfo = { code, message: `${MESSAGE_BY_CODE[code] ?? 'internal error'} (ref ${id})` };
  return { status: HTTP_STATUS_BY_CODE[code], body: { error }, correlationId: id };
}

/** The one place where any error of an HTTP request becomes the contract's error body. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');
  private readonly repeated = new RepeatedErrorLog();

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const response = http.getResponse<HttpResponse>();
    // The request's id (see request-id.middleware.ts), so the ref a client reports finds the log line.
    const mapped = mapException(exception, () =>
      typeof request.id === 'string' ? request.id : requestIdFrom(request.headers[REQUEST_ID_HEADER]),
    );
    if (mapped.correlationId) {
      const note = this.repeated.admit(errorKind(exception));
      if (note !== null) {
        const detail = exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
        this.logger.error(`${request.method} ${request.originalUrl} failed [ref ${mapped.correlationId}]${note}: ${detail}`);
      }
      response.setHeader('x-correlation-id', mapped.correlationId);
    }
    if (response.headersSent) return;
    response.status(mapped.status).json(mapped.body);
  }
}
