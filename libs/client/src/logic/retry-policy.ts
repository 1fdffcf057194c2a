import type { ErrorCode } from '@app/shared';

export interface RetryPolicy {
  /** Delay before the first automatic retry. Default 1000 ms. */
  baseDelayMs: number;
  /** Cap of the exponential delay. Default 30000 ms. */
  maxDelayMs: number;
  /** Share of the delay that is randomized (0 = none, 1 = full jitter), so clients don't retry in lockstep. Default 0.5. */
  jitter: number;
  /** Automatic attempts (the first send included) before a message waits for a manual retry. Default 8. */
  maxAutoAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 1000,
  maxDelayMs: 30000,
  jitter: 0.5,
  maxAutoAttempts: 8,
};

/**
 * Failures that may go away by themselves. The others (validation, rights, unknown channel) will
 * fail identically on every retry, so retrying them automatically only adds load.
 */
const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['unavailable', 'rate_limited', 'internal_error']);

export function isTransient(code: ErrorCode): boolean {
  return TRANSIENT_CODES.has(code);
}

/** Exponential backoff with jitter; `attempt` counts from 1 (the delay after the first failure). */
export function backoffDelay(attempt: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 30));
  const fixed = ceiling * (1 - policy.jitter);
  return Math.round(fixed + ceiling * policy.jitter * random());
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/** After `attempts` sends failed with `code`: wait and retry, or leave it to the user. */
export function decideRetry(
  code: ErrorCode,
  attempts: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): RetryDecision {
  if (!isTransient(code) || attempts >= policy.maxAutoAttempts) return { retry: false };
  return { retry: true, delayMs: backoffDelay(attempts, policy, random) };
}
