import { Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Pool } from 'pg';
import { Gauge, Histogram, type Registry } from 'prom-client';
import { createMetricsRegistry, METRIC_PREFIX } from '@app/server';

/** What the pool gauges read: pg's own counters, no query. */
export type PgPoolCounts = Pick<Pool, 'totalCount' | 'idleCount' | 'waitingCount'>;

/** What Express adds to a request once a route matched it. */
type RoutedRequest = IncomingMessage & { route?: { path?: unknown } };

/** `route` of a request no route matched: a 404, or a file of the web client. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The API's metrics: request latency per route pattern (one observation per request) and the
 * Postgres pool, read from pg's counters when Prometheus scrapes.
 */
@Injectable()
export class ApiMetrics {
  readonly registry: Registry = createMetricsRegistry();
  private pool?: PgPoolCounts;

  private readonly httpDuration = new Histogram({
    name: `${METRIC_PREFIX}http_request_duration_seconds`,
    help: 'HTTP requests by method, route pattern (never the raw URL) and status, from arrival to the end of the response',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor() {
    const currentPool = () => this.pool;
    new Gauge({
      name: `${METRIC_PREFIX}pg_pool_connections`,
      help: 'Postgres pool connections: total open, idle among them (in use = total - idle), and requests waiting for one',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const pool = currentPool();
        this.set({ state: 'total' }, pool?.totalCount ?? 0);
        this.set({ state: 'idle' }, pool?.idleCount ?? 0);
        this.set({ state: 'waiting' }, pool?.waitingCount ?? 0);
      },
    });
  }

  /** The pool the app's queries really use (metrics.module.ts finds it). */
  observePgPool(pool: PgPoolCounts): void {
    this.pool = pool;
  }

  /**
   * Express middleware, installed before the routes: times each request and labels it, when the
   * response is done, with the pattern of the route that answered (`/api/channels/:id/messages`):
   * a label per URL would make a time series per channel.
   */
  readonly httpMiddleware = (req: RoutedRequest, res: ServerResponse, next: () => void): void => {
    const started = performance.now();
    res.once('finish', () => {
      const route = req.route?.path;
      // A wildcard is the logger's middleware (nestjs-pino mounts itself on `/api{/*splat}`), left
      // there when no route matched: the API's own routes have none.
      const matched = typeof route === 'string' && !route.includes('*');
      this.httpDuration.observe(
        { method: req.method ?? '', route: matched ? route : UNMATCHED_ROUTE, status: String(res.statusCode) },
        (performance.now() - started) / 1000,
      );
    });
    next();
  };
}
