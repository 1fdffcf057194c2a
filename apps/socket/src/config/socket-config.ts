import type { LogLevel } from '@nestjs/common';
import { z } from 'zod';

/** Nest injection token of the validated {@link SocketConfig}. */
export const SOCKET_CONFIG = Symbol('SOCKET_CONFIG');

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
});

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
  };
}

/** Nest prints every level at or above the configured one; `false` turns its logger off. */
export function logLevelsFrom(level: SocketLogLevel): LogLevel[] | false {
  if (level === 'silent') return false;
  return NEST_LEVELS.slice(0, NEST_LEVELS.indexOf(level) + 1);
}
