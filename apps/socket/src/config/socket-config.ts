import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { LogLevel } from '@nestjs/common';
import { LIMITS } from '@app/shared';
import { z } from 'zod';

/** Nest injection token of the validated {@link SocketConfig}. */
export const SOCKET_CONFIG = Symbol('SOCKET_CONFIG');

/**
 * How `chat` reaches the API:
 * - `batched` (default): chat events arriving together share one `/internal/chat-batch` request;
 * - `naive`: one request per chat event (the baseline the benchmark compares against);
 * - `relay`: BENCHMARK ONLY. Nothing is stored, no right is checked: the server acks and broadcasts
 *   a message it makes up itself. It measures the ceiling of the socket layer and must never serve
 *   users; it is used only when CHAT_WRITE_MODE=relay is set explicitly.
 */
export const CHAT_WRITE_MODES = ['batched', 'naive', 'relay'] as const;
export type ChatWriteMode = (typeof CHAT_WRITE_MODES)[number];

/**
 * Which `@socket.io/redis-adapter` carries broadcasts between nodes (see the README's Scale-out):
 * - `classic` (default): PUBLISH/PSUBSCRIBE, any Redis version;
 * - `sharded`: Redis 7 sharded pub/sub (SPUBLISH/SSUBSCRIBE), subscription mode `static`.
 */
export const REDIS_ADAPTERS = ['classic', 'sharded'] as const;
export type RedisAdapterKind = (typeof REDIS_ADAPTERS)[number];

const NEST_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const satisfies readonly LogLevel[];
/** Nest's levels, plus `silent` (no logs at all, e.g. in tests). */
const LOG_LEVELS = ['silent', ...NEST_LEVELS] as const;
export type SocketLogLevel = (typeof LOG_LEVELS)[number];

/** Unset and empty are the same thing: `FOO=` in a .env file must not count as a value. */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
}

const intFromEnv = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a non-negative integer')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

// The undici pool talks to an origin; a path prefix would silently be dropped.
const httpOrigin = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .refine((v) => new URL(v).pathname === '/' && !new URL(v).search, 'must be an origin (http://host:port) without a path');

const envSchema = z.object({
  SOCKET_HOST: optional(z.string().min(1)),
  SOCKET_PORT: optional(intFromEnv(0, 65535)),
  API_URL: optional(httpOrigin),
  INTERNAL_TOKEN: z.string({ error: 'is required' }).min(16, 'must be at least 16 characters'),
  JWT_SECRET: z.string({ error: 'is required' }).min(16, 'must be at least 16 characters'),
  API_TIMEOUT_MS: optional(intFromEnv(1, 60_000)),
  API_CONNECTIONS: optional(intFromEnv(1, 1024)),
  CORS_ORIGIN: optional(z.string().min(1)),
  REDIS_URL: optional(z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' })),
  // `info` is what most tools call Nest's `log` level.
  LOG_LEVEL: optional(
    z.preprocess((v) => (v === 'info' ? 'log' : v), z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}, info` })),
  ),
  CHAT_RATE_PER_SEC: optional(intFromEnv(1, 100_000)),
  CHAT_RATE_BURST: optional(intFromEnv(1, 100_000)),
  CHAT_WRITE_MODE: optional(z.enum(CHAT_WRITE_MODES, { error: `must be one of ${CHAT_WRITE_MODES.join(', ')}` })),
  CHAT_BATCH_MAX: optional(intFromEnv(1, LIMITS.internalBatchMax)),
  CHAT_BATCH_IN_FLIGHT: optional(intFromEnv(1, 64)),
  CHAT_BATCH_WINDOW_MS: optional(intFromEnv(0, 1000)),
  CHAT_QUEUE_MAX: optional(intFromEnv(1, 1_000_000)),
  CHAT_QUEUE_MAX_WAIT_MS: optional(intFromEnv(1, 60_000)),
  SOCKET_COALESCE_WRITES: optional(z.enum(['true', 'false'], { error: 'must be true or false' })),
  REDIS_ADAPTER: optional(z.enum(REDIS_ADAPTERS, { error: `must be one of ${REDIS_ADAPTERS.join(', ')}` })),
  // Braces allowed: `{commu-chat}` keeps every routing key in one Redis Cluster hash slot.
  REDIS_KEY_PREFIX: optional(z.string().regex(/^[A-Za-z0-9_.:{}-]{1,64}$/, 'must be 1-64 of [A-Za-z0-9_.:{}-]')),
  SOCKET_PUBLIC_URL: optional(httpOrigin),
  SOCKET_NODE_ID: optional(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 of [A-Za-z0-9_.-]')),
  SOCKET_WORKERS: optional(intFromEnv(1, 64)),
  ROUTING_REPORT_INTERVAL_MS: optional(intFromEnv(50, 60_000)),
  ROUTING_NODE_TTL_MS: optional(intFromEnv(100, 300_000)),
}).superRefine((e, ctx) => {
  // A node must report at least twice per TTL, or a single late report makes it flap out of routing.
  const interval = e.ROUTING_REPORT_INTERVAL_MS ?? 2000;
  if ((e.ROUTING_NODE_TTL_MS ?? 6000) < 2 * interval) {
    ctx.addIssue({ code: 'custom', path: ['ROUTING_NODE_TTL_MS'], message: `must be at least twice ROUTING_REPORT_INTERVAL_MS (${interval})` });
  }
  if ((e.SOCKET_WORKERS ?? 1) > 1 && !e.REDIS_URL) {
    ctx.addIssue({ code: 'custom', path: ['SOCKET_WORKERS'], message: 'more than 1 worker needs REDIS_URL (workers reach each other through the Redis adapter)' });
  }
});

/** Every variable the socket app reads; docker-compose.yml is checked against it. */
export const SOCKET_ENV_VARS: readonly string[] = Object.keys(envSchema.shape);

export interface SocketConfig {
  /** Interface the HTTP/Socket.IO server binds to. Default `0.0.0.0`. */
  host: string;
  /** Default 3001; 0 picks an ephemeral port. */
  port: number;
  /** Base URL of the API's internal routes. Default `http://127.0.0.1:3000`. */
  apiUrl: string;
  /** Bearer token of the internal routes; at least 16 characters. */
  internalToken: string;
  /** HS256 secret of the user tokens; at least 16 characters. */
  jwtSecret: string;
  /**
   * Longest wait for one API call, queueing included. Default 5000 ms: well under a client's ack
   * timeout, so a client hears `unavailable` instead of giving up on its own.
   */
  apiTimeoutMs: number;
  /** Keep-alive connections to the API. Default 16. */
  apiConnections: number;
  /** `*` (default) or a comma-separated list of allowed origins. */
  corsOrigin: string | string[];
  /** Unset: in-memory adapter, one node only. */
  redisUrl?: string;
  /** Most verbose Nest log level printed, or `silent`. Default `log`. */
  logLevel: SocketLogLevel;
  /** Per-socket token bucket on `chat`. Defaults: 50 per second, bursts of 100. */
  chatRate: { perSecond: number; burst: number };
  chatWrite: ChatWriteConfig;
  scaleOut: ScaleOutConfig;
}

/** Several processes and hosts: only used with REDIS_URL (see the README's Scale-out section). */
export interface ScaleOutConfig {
  /** `REDIS_ADAPTER`; default `classic`. */
  adapter: RedisAdapterKind;
  /**
   * `REDIS_KEY_PREFIX`; default `commu-chat`. Prefix of the adapter's channels and of the routing
   * keys; the API must use the same one.
   */
  keyPrefix: string;
  /**
   * `SOCKET_PUBLIC_URL`: the origin clients reach this node at, announced for routing. Unset:
   * `http://localhost:<port>`, right on one machine only.
   */
  publicUrl?: string;
  /** `SOCKET_NODE_ID`; default `<hostname>-<random>`, new at every start. Workers of one node share it. */
  nodeId: string;
  /** `SOCKET_WORKERS`: processes sharing the port through node:cluster, with sticky sessions. Default 1. */
  workers: number;
  /** `ROUTING_REPORT_INTERVAL_MS`: how often this process reports its load. Default 2000. */
  reportIntervalMs: number;
  /** `ROUTING_NODE_TTL_MS`: how long a report keeps the process in routing. Default 6000, at least 2 intervals. */
  nodeTtlMs: number;
}

export interface ChatWriteConfig {
  /** `CHAT_WRITE_MODE`; default `batched`. See {@link CHAT_WRITE_MODES}. */
  mode: ChatWriteMode;
  /** Most commands in one batch request (`CHAT_BATCH_MAX`). Default and upper bound: the contract's 500, which beat 256 and 64 under load. */
  batchMax: number;
  /**
   * Batch requests in flight at once (`CHAT_BATCH_IN_FLIGHT`). Default 1: chats arriving while it is
   * busy wait and leave together in the next batch, which is what makes batches grow with load. On
   * the 2-core reference machine (2026-11) 1 beat 2, 4 and 8 on both latency and throughput (docs/PERFORMANCE.md):
   * fewer, fuller transactions cost Postgres and the API less than more, smaller ones.
   */
  maxInFlight: number;
  /**
   * Extra wait before a batch leaves, to gather more (`CHAT_BATCH_WINDOW_MS`). Default 0: a batch
   * leaves at the end of the event-loop turn that queued its first chat, so an idle server adds no delay.
   */
  windowMs: number;
  /**
   * Admission control: a chat is acked `unavailable` at once when `CHAT_QUEUE_MAX` chats (default
   * 10000) already wait for a batch request, or the oldest of them has waited more than
   * `CHAT_QUEUE_MAX_WAIT_MS` (default 500, a tenth of the default API timeout). Under overload,
   * admitted chats keep an ack time near that wait and the rest learn at once to retry, instead of
   * all of them waiting out the timeout. Pauses shorter than the wait refuse nothing. 500 rather than
   * 1000: past saturation chats that wait longer are promoted by V8's GC and the socket process,
   * then the bottleneck, acks fewer of them (docs/PERFORMANCE.md, "Admission control").
   */
  queueMax: number;
  queueMaxWaitMs: number;
  /**
   * `SOCKET_COALESCE_WRITES` (default true): each receiver's frames of one event-loop turn leave in
   * one write, instead of one write per frame. See `chat/write-coalescing.ts`.
   */
  coalesceWrites: boolean;
}

/** Validates the environment once at boot; throws one error naming every bad variable. */
export function loadSocketConfig(env: NodeJS.ProcessEnv = process.env): SocketConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid socket server configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const cors = e.CORS_ORIGIN ?? '*';
  return {
    host: e.SOCKET_HOST ?? '0.0.0.0',
    port: e.SOCKET_PORT ?? 3001,
    apiUrl: new URL(e.API_URL ?? 'http://127.0.0.1:3000').origin,
    internalToken: e.INTERNAL_TOKEN,
    jwtSecret: e.JWT_SECRET,
    apiTimeoutMs: e.API_TIMEOUT_MS ?? 5000,
    apiConnections: e.API_CONNECTIONS ?? 16,
    corsOrigin: cors === '*' ? '*' : cors.split(',').map((o) => o.trim()).filter(Boolean),
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL ?? 'log',
    chatRate: { perSecond: e.CHAT_RATE_PER_SEC ?? 50, burst: e.CHAT_RATE_BURST ?? 100 },
    chatWrite: {
      mode: e.CHAT_WRITE_MODE ?? 'batched',
      batchMax: e.CHAT_BATCH_MAX ?? LIMITS.internalBatchMax,
      maxInFlight: e.CHAT_BATCH_IN_FLIGHT ?? 1,
      windowMs: e.CHAT_BATCH_WINDOW_MS ?? 0,
      queueMax: e.CHAT_QUEUE_MAX ?? 10_000,
      queueMaxWaitMs: e.CHAT_QUEUE_MAX_WAIT_MS ?? 500,
      coalesceWrites: e.SOCKET_COALESCE_WRITES !== 'false',
    },
    scaleOut: {
      adapter: e.REDIS_ADAPTER ?? 'classic',
      keyPrefix: e.REDIS_KEY_PREFIX ?? 'commu-chat',
      publicUrl: e.SOCKET_PUBLIC_URL === undefined ? undefined : new URL(e.SOCKET_PUBLIC_URL).origin,
      nodeId: e.SOCKET_NODE_ID ?? `${hostname().replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 40)}-${randomBytes(4).toString('hex')}`,
      workers: e.SOCKET_WORKERS ?? 1,
      reportIntervalMs: e.ROUTING_REPORT_INTERVAL_MS ?? 2000,
      nodeTtlMs: e.ROUTING_NODE_TTL_MS ?? 6000,
    },
  };
}

/** Nest prints every level at or above the configured one; `false` turns its logger off. */
export function logLevelsFrom(level: SocketLogLevel): LogLevel[] | false {
  if (level === 'silent') return false;
  return NEST_LEVELS.slice(0, NEST_LEVELS.indexOf(level) + 1);
}
