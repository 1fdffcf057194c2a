import { Logger } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { DomainError } from '@app/shared';
import { failureAck, toErrorInfo } from './failure-ack';
import { SocketAckFilter } from './socket-ack.filter';

/** Nest hands a WS filter (socket, payload, ack, pattern). */
function wsHost(event: string, ack: unknown): ExecutionContextHost {
  const host = new ExecutionContextHost([{}, { some: 'payload' }, ack, event]);
  host.setType('ws');
  return host;
}

describe('failureAck', () => {
  const error = { code: 'forbidden' as const, message: 'no' };

  it('gives each event its own failure shape', () => {
    expect(failureAck('chat', error)).toEqual({ written: false, error });
    expect(failureAck('join', error)).toEqual({ joined: [], rejected: [], error });
    expect(failureAck('leave', error)).toEqual({ left: [], error });
    expect(failureAck('read', error)).toEqual({ error });
    expect(failureAck('whatever', error)).toEqual({ error });
    expect(failureAck('__proto__', error)).toEqual({ error });
  });
});

describe('toErrorInfo', () => {
  it('keeps a domain error and hides anything else', () => {
    const details = [{ path: 'content', message: 'must not be empty' }];
    expect(toErrorInfo(new DomainError('validation_failed', 'bad', details))).toEqual({
      code: 'validation_failed',
      message: 'bad',
      details,
    });
    expect(toErrorInfo(new TypeError('x is undefined'))).toEqual({ code: 'internal_error', message: 'internal error' });
    expect(toErrorInfo('thrown string')).toEqual({ code: 'internal_error', message: 'internal error' });
  });
});

describe('SocketAckFilter', () => {
  const filter = new SocketAckFilter();
  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });
  afterAll(() => jest.restoreAllMocks());

  it('answers a chat ack with written:false and the domain code', () => {
    const ack = jest.fn();
    filter.catch(new DomainError('rate_limited', 'slow down'), wsHost('chat', ack));
    expect(ack).toHaveBeenCalledTimes(1);
    expect(ack).toHaveBeenCalledWith({ written: false, error: { code: 'rate_limited', message: 'slow down' } });
  });

  it('answers a join ack with empty lists and an unexpected error as internal_error', () => {
    const ack = jest.fn();
    filter.catch(new Error('boom'), wsHost('join', ack));
    expect(ack).toHaveBeenCalledWith({ joined: [], rejected: [], error: { code: 'internal_error', message: 'internal error' } });
  });

  it('does nothing when the client gave no ack', () => {
    expect(() => filter.catch(new DomainError('forbidden', 'no'), wsHost('read', undefined))).not.toThrow();
  });
});
