import { RepeatedErrorLog, errorKind } from './repeated-error-log';

describe('RepeatedErrorLog', () => {
  it('logs the first of a kind, counts the repeats within the window, and reports them with the next one', () => {
    let now = 0;
    const log = new RepeatedErrorLog(10_000, () => now);
    expect(log.admit('db down')).toBe('');
    for (let i = 0; i < 857; i++) {
      now += 5;
      expect(log.admit('db down')).toBeNull();
    }
    // Another kind is not held back by the first.
    expect(log.admit('bug')).toBe('');
    now = 12_000;
    expect(log.admit('db down')).toBe(' (857 more like it in the 12 s before, not logged)');
    expect(log.admit('db down')).toBeNull();
  });

  it('forgets the oldest kinds beyond its bound', () => {
    const log = new RepeatedErrorLog(10_000, () => 0, 2);
    log.admit('a');
    log.admit('b');
    log.admit('c');
    expect(log.admit('a')).toBe('');
    expect(log.admit('c')).toBeNull();
  });
});

describe('errorKind', () => {
  it('groups errors that differ only in ids and numbers', () => {
    const a = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const b = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' });
    expect(errorKind(a)).toBe(errorKind(b));
    expect(errorKind(new TypeError('x'))).not.toBe(errorKind(new Error('x')));
  });
});
