import { backoffDelay, decideRetry, DEFAULT_RETRY_POLICY, isTransient, type RetryPolicy } from './retry-policy';

const policy: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 8000, jitter: 0.5, maxAutoAttempts: 4 };

describe('backoffDelay', () => {
  it('doubles per attempt up to the cap', () => {
    const noJitter = { ...policy, jitter: 0 };
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, noJitter))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('randomizes only the jitter share of the delay', () => {
    expect(backoffDelay(2, policy, () => 0)).toBe(1000);
    expect(backoffDelay(2, policy, () => 1)).toBe(2000);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(1500);
  });

  it('never exceeds the cap, whatever the attempt count', () => {
    expect(backoffDelay(1000, DEFAULT_RETRY_POLICY, () => 1)).toBe(DEFAULT_RETRY_POLICY.maxDelayMs);
  });
});

describe('decideRetry', () => {
  it('retries transient failures with backoff', () => {
    expect(decideRetry('unavailable', 1, policy, () => 0)).toEqual({ retry: true, delayMs: 500 });
    expect(decideRetry('rate_limited', 2, policy, () => 0)).toEqual({ retry: true, delayMs: 1000 });
  });

  it('leaves permanent failures to the user', () => {
    expect(isTransient('validation_failed')).toBe(false);
    expect(decideRetry('validation_failed', 1, policy)).toEqual({ retry: false });
    expect(decideRetry('forbidden', 1, policy)).toEqual({ retry: false });
    expect(decideRetry('not_found', 1, policy)).toEqual({ retry: false });
  });

  it('stops retrying automatically after the attempt budget', () => {
    expect(decideRetry('unavailable', 3, policy).retry).toBe(true);
    expect(decideRetry('unavailable', 4, policy)).toEqual({ retry: false });
  });
});
