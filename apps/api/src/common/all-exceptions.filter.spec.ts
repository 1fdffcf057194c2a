import {
  BadRequestException,
  ForbiddenException,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { DatabaseError } from 'pg';
import { mapException } from './all-exceptions.filter';
import { DomainError } from '@app/shared';

/** What pg rejects with when the server answers a statement with an error. */
function pgError(code: string, message = 'boom'): DatabaseError {
  return Object.assign(new DatabaseError(message, 0, 'error'), { code });
}

function bodyParserError(status: number, message: string): Error {
  return Object.assign(new Error(message), { status, statusCode: status, expose: true, type: 'entity.too.large' });
}

describe('mapException', () => {
  it('maps a DomainError to its code, status and details', () => {
    const details = [{ path: 'name', message: 'must not be empty' }];
    expect(mapException(new DomainError('validation_failed', 'invalid community', details))).toEqual({
      status: 400,
      body: { error: { code: 'validation_failed', message: 'invalid community', details } },
    });
    expect(mapException(new DomainError('forbidden', 'not a member')).status).toBe(403);
    expect(mapException(new DomainError('conflict', 'taken')).status).toBe(409);
    expect(mapException(new DomainError('unavailable', 'down')).status).toBe(503);
  });

  it('leaves details out when there are none', () => {
    expect(mapException(new DomainError('not_found', 'no such channel')).body.error).toEqual({ code: 'not_found', message: 'no such channel' });
  });

  it('maps Nest HTTP exceptions by status', () => {
    expect(mapException(new NotFoundException('Cannot GET /api/nope'))).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'not found' } },
    });
    expect(mapException(new ForbiddenException()).body.error.code).toBe('forbidden');
    expect(mapException(new BadRequestException('Unexpected token } in JSON at position 3'))).toEqual({
      status: 400,
      body: { error: { code: 'validation_failed', message: 'malformed JSON body' } },
    });
    expect(mapException(new PayloadTooLargeException()).body.error.code).toBe('validation_failed');
  });

  it('maps body-parser errors that are not HttpExceptions', () => {
    expect(mapException(bodyParserError(413, 'request entity too large'))).toEqual({
      status: 413,
      body: { error: { code: 'validation_failed', message: 'request body too large' } },
    });
  });

  it('never leaks an unknown error, and gives it a correlation id', () => {
    const mapped = mapException(new Error('secret internals at /srv/app.js:12'), () => 'ref-1');
    expect(mapped).toEqual({
      status: 500,
      body: { error: { code: 'internal_error', message: 'internal error (ref ref-1)' } },
      correlationId: 'ref-1',
    });
    expect(mapException('a thrown string', () => 'ref-2').status).toBe(500);
  });

  it('maps database failures to contract codes instead of 500', () => {
    expect(mapException(pgError('23505')).body.error.code).toBe('conflict');
    expect(mapException(pgError('22P02')).status).toBe(404);
    expect(mapException(pgError('08006'), () => 'r').body.error).toEqual({
      code: 'unavailable',
      message: 'the service is temporarily unavailable (ref r)',
    });
    expect(mapException(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).status).toBe(503);
    expect(mapException(new Error('timeout exceeded when trying to connect')).status).toBe(503);
    expect(mapException(new ServiceUnavailableException()).status).toBe(503);
    expect(mapException(pgError('42P01')).status).toBe(500);
  });
});
