/**
 * What the socket app's `GET /health` answers: liveness, and the chat batcher's counters, which
 * operators and the benchmark read (batch sizes, admission refusals, time spent).
 */
export interface SocketHealthResponse {
  status: 'ok';
  /** The chat batcher's counters since start (absent when CHAT_WRITE_MODE does not batch). */
  chat?: ChatBatchStats;
}

/** The chat batcher's counters since it started. */
export interface ChatBatchStats {
  /** Batch requests sent to the API. */
  batches: number;
  /** Commands in those requests. */
  commands: number;
  /** Commands refused at once by admission control. */
  refused: number;
  /** Time the batch requests took, send to answer, summed over requests (ms). */
  requestMs: number;
  /** Time the sent commands waited for their request to leave, summed over commands (ms). */
  queuedMs: number;
}

/** The probes both apps answer, beside their other routes (never under the API's `/api` prefix). */
export const HEALTH_ROUTES = {
  /** 200 while the process serves HTTP: restart it when this stops answering. */
  live: '/health/live',
  /** 200 when the app's dependencies answer, 503 otherwise: send it traffic only while 200. */
  ready: '/health/ready',
} as const;

export type HealthStatus = 'ok' | 'unavailable';

/** One dependency's answer to a readiness probe. */
export interface HealthCheckResult {
  status: HealthStatus;
  /** Why it is unavailable (absent when ok). */
  error?: string;
}

/** What `GET /health/live` answers. */
export interface LivenessResponse {
  status: 'ok';
}

/**
 * What `GET /health/ready` answers, 200 with `status: 'ok'` or 503 with `status: 'unavailable'`.
 * One entry per dependency checked: the API has `postgres` and, with REDIS_URL, `redis`; the socket
 * app has `api` and, with REDIS_URL, `redis`.
 */
export interface ReadinessResponse {
  status: HealthStatus;
  checks: Record<string, HealthCheckResult>;
}
