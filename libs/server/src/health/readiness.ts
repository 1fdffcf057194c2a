import type { HealthCheckResult, ReadinessResponse } from '@app/shared';
import { withTimeout } from '../async/with-timeout';

/** A dependency probe: resolves when the dependency answers, rejects (or times out) otherwise. */
export type ReadinessCheck = () => Promise<unknown>;

/**
 * Default bound of one probe. Load balancers and orchestrators probe every few seconds with a
 * timeout of their own (Kubernetes: 1 s by default); a probe that hangs on a dead dependency must
 * answer 503 before theirs gives up, not time out into an ambiguous failure.
 */
export const READINESS_CHECK_TIMEOUT_MS = 800;

/** Runs every check at once, each bounded by `timeoutMs`; ready only when all of them answered. */
export async function checkReadiness(
  checks: Readonly<Record<string, ReadinessCheck>>,
  timeoutMs = READINESS_CHECK_TIMEOUT_MS,
): Promise<ReadinessResponse> {
  const names = Object.keys(checks);
  const results = await Promise.all(names.map((name) => runCheck(checks[name]!, timeoutMs)));
  return {
    status: results.every((result) => result.status === 'ok') ? 'ok' : 'unavailable',
    checks: Object.fromEntries(names.map((name, i) => [name, results[i]!])),
  };
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<HealthCheckResult> {
  try {
    // A check that throws synchronously is a failed check too.
    await withTimeout(Promise.resolve().then(check), timeoutMs);
    return { status: 'ok' };
  } catch (err) {
    return { status: 'unavailable', error: err instanceof Error ? err.message : String(err) };
  }
}
