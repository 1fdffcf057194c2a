import { collectDefaultMetrics, Registry } from 'prom-client';

/** Every metric of the project starts with this, so one dashboard query finds them all. */
export const METRIC_PREFIX = 'commu_chat_';

/**
 * A registry of one app instance, with prom-client's default process metrics (CPU, memory, event
 * loop lag, GC, handles) in it. One per app rather than prom-client's global registry: the tests run
 * several apps in one process, and each must answer for itself.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
