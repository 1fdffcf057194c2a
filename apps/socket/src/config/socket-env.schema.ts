import { envFields as f, logFormatField, logLevelField, nodeEnvField, tokenRulesEnv } from '@app/server';
import { LIMITS } from '@app/shared';
import { z } from 'zod';

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

/** What an operator sets to run a node: where it listens, what it trusts, whom it talks to. */
export const socketOperatorEnv = z.object({
  SOCKET_HOST: f.nonEmpty().default('0.0.0.0'),
  SOCKET_PORT: f.port().default(3001),
  /** The API's internal listener (its INTERNAL_HOST:INTERNAL_PORT), not its public port. */
  API_URL: f.httpOrigin().default('http://127.0.0.1:3100'),
  INTERNAL_TOKEN: f.secret(),
  JWT_SECRET: f.secret(),
  API_TIMEOUT_MS: f.durationMs(1, 60_000).default(5000),
  API_CONNECTIONS: f.int(1, 1024).default(16),
  /** Browser origins allowed to connect: `*`, or a comma-separated list. Unset: the web client's (see socket-config.ts). */
  CORS_ORIGIN: f.nonEmpty().optional(),
  REDIS_URL: f.redisUrl().optional(),
  LOG_LEVEL: logLevelField(),
  /** Unset: `json` when NODE_ENV=production, `pretty` otherwise. */
  LOG_FORMAT: logFormatField(),
  NODE_ENV: nodeEnvField(),
  REDIS_ADAPTER: f.oneOf(REDIS_ADAPTERS).default('classic'),
  REDIS_KEY_PREFIX: f.redisKeyPrefix().default('commu-chat'),
  /** The origin this node announces to clients through routing (the API's answer is SOCKET_ENDPOINT_URL). */
  SOCKET_PUBLIC_URL: f.httpOrigin().optional(),
  SOCKET_NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 of [A-Za-z0-9_.-]')
    .optional(),
  SOCKET_WORKERS: f.int(1, 64).default(1),
  /** Set by a clustered node's primary for each worker it forks (0-based); not for operators. */
  SOCKET_WORKER_INDEX: f.int(0, 63).optional(),
  /** Rebalancing: a process this much busier than the routing average (load units, see ROUTING_WEIGHTS) moves communities away. */
  REBALANCE_MIN_EXCESS: z.coerce.number().min(0).max(10).default(0.2),
  /** Rebalancing: consecutive load reports the excess must last before anything moves. */
  REBALANCE_AFTER_REPORTS: f.int(1, 1000).default(5),
  /** Rebalancing: most communities moved away per report (0 turns rebalancing off). */
  REBALANCE_MAX_MOVES: f.int(0, 100).default(2),
  ROUTING_REPORT_INTERVAL_MS: f.durationMs(50, 60_000).default(2000),
  ROUTING_NODE_TTL_MS: f.durationMs(100, 300_000).default(6000),
  ...tokenRulesEnv.shape,
  /** Per user, whatever socket or node: join, leave and read events. */
  EVENT_RATE_PER_SEC: f.int(1, 100_000).default(20),
  EVENT_RATE_BURST: f.int(1, 100_000).default(40),
  /** Sockets one user may hold open on one socket process; more are refused at the handshake. */
  MAX_SOCKETS_PER_USER: f.int(1, 10_000).default(20),
  /**
   * Socket.IO's heartbeat: the server pings every SOCKET_PING_INTERVAL_MS, and a side that hears
   * nothing for interval + SOCKET_PING_TIMEOUT_MS drops the connection. A node whose host vanished
   * without closing its connections (power, kernel, network) is left by its clients within that.
   */
  SOCKET_PING_INTERVAL_MS: f.durationMs(1000, 300_000).default(10_000),
  SOCKET_PING_TIMEOUT_MS: f.durationMs(1000, 300_000).default(10_000),
  /** Longest a SIGTERM/SIGINT shutdown may take before the process exits anyway. */
  DRAIN_TIMEOUT_MS: f.durationMs(100, 120_000).default(10_000),
});

/**
 * The chat path's tuning knobs, measured with the benchmark (docs/PERFORMANCE.md). The defaults are
 * the measured best; an operator has no reason to touch them, and `CHAT_WRITE_MODE=relay` must never
 * serve users.
 */
export const socketTuningEnv = z.object({
  CHAT_RATE_PER_SEC: f.int(1, 100_000).default(50),
  CHAT_RATE_BURST: f.int(1, 100_000).default(100),
  CHAT_WRITE_MODE: f.oneOf(CHAT_WRITE_MODES).default('batched'),
  CHAT_BATCH_MAX: f.int(1, LIMITS.internalBatchMax).default(LIMITS.internalBatchMax),
  CHAT_BATCH_IN_FLIGHT: f.int(1, 64).default(1),
  CHAT_BATCH_WINDOW_MS: f.durationMs(0, 1000).default(0),
  CHAT_QUEUE_MAX: f.int(1, 1_000_000).default(10_000),
  CHAT_QUEUE_MAX_WAIT_MS: f.durationMs(1, 60_000).default(500),
  SOCKET_COALESCE_WRITES: f.boolean().default(true),
});

/** Both sections, with the rules that tie variables together. */
export const socketEnvSchema = socketOperatorEnv.extend(socketTuningEnv.shape).superRefine((e, ctx) => {
  // A node must report at least twice per TTL, or a single late report makes it flap out of routing.
  if (e.ROUTING_NODE_TTL_MS < 2 * e.ROUTING_REPORT_INTERVAL_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['ROUTING_NODE_TTL_MS'],
      message: `must be at least twice ROUTING_REPORT_INTERVAL_MS (${e.ROUTING_REPORT_INTERVAL_MS})`,
    });
  }
  if (e.SOCKET_WORKERS > 1 && !e.REDIS_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['SOCKET_WORKERS'],
      message: 'more than 1 worker needs REDIS_URL (workers reach each other through the Redis adapter)',
    });
  }
});
