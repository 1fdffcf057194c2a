import { checkReadiness } from './readiness';

describe('checkReadiness', () => {
  it('is ok when every check resolves', async () => {
    expect(await checkReadiness({ a: async () => 1, b: () => Promise.resolve() })).toEqual({
      status: 'ok',
      checks: { a: { status: 'ok' }, b: { status: 'ok' } },
    });
  });

  it('names each failed check with its error, sync throws and timeouts included', async () => {
    const result = await checkReadiness(
      {
        fine: async () => undefined,
        down: () => Promise.reject(new Error('connection refused')),
        throws: () => {
          throw new Error('boom');
        },
        hangs: () => new Promise(() => undefined),
      },
      20,
    );
    expect(result).toEqual({
      status: 'unavailable',
      checks: {
        fine: { status: 'ok' },
        down: { status: 'unavailable', error: 'connection refused' },
        throws: { status: 'unavailable', error: 'boom' },
        hangs: { status: 'unavailable', error: 'no answer within 20 ms' },
      },
    });
  });

  it('is ok with no checks at all', async () => {
    expect(await checkReadiness({})).toEqual({ status: 'ok', checks: {} });
  });
});
