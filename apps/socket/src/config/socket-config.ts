import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type LogFormat, type LogLevelSetting, type UserTokenRules, parseEnv, resolveLogFormat, tokenRulesFrom } from '@app/server';
import { type ChatWriteMode, type RedisAdapterKind, socketEnvSchema, socketOperatorEnv, socketTuningEnv } from './socket-env.schema';

export { CHAT_WRITE_MODES, type ChatWriteMode, REDIS_ADAPTERS, type RedisAdapterKind } from './socket-env.schema';

/** Every variable the socket app reads; docker-compose.yml is checked against it. */
export const SOCKET_ENV_VARS: readonly string[] = [...Object.keys(socketOperatorEnv.shape), ...Object.keys(socketTuningEnv.shape)];

/**
 * The validated configuration, read through this one typed object. The class doubles as the Nest
 * injection token, so services ask for `SocketConfig` and never for `process.env`.
 */
export class SocketConfig {
  /** Interface the HTTP/Socket.IO server binds to. Default `0.0.0.0`. */
  readonly host!: string;
  /** Default 3001; 0 picks an ephemeral port. */
  readonly port!: number;
  /** Base URL of the API's internal listener (`/internal/*`). Default `http://127.0.0.1:3100`. */
  readonly apiUrl!: string;
  /** Bearer token of the internal routes; at least 16 characters. */
  readonly internalToken!: string;
  /** HS256 secret of the user tokens; at least 16 characters. */
  readonly jwtSecret!: string;
  /** JWT_REQUIRE_EXP, JWT_ISSUER, JWT_AUDIENCE: what tokens must carry beyond the contract (the API's same settings). */
  readonly tokenRules!: UserTokenRules;
  /**
   * Longest wait for one API call, queueing included. Default 5000 ms: well under a client's ack
   * timeout, so a client hears `unavailable` instead of giving up on its own.
   */
  readonly apiTimeoutMs!: number;
  /** Keep-alive connections to the API. Default 16. */
  readonly apiConnections!: number;
  /**
   * Browser origins allowed to connect (checked at every handshake, WebSocket included): `*`, or a
   * list. Default: the web page of an API on its default port (`http://localhost:3000`,
   * `http://127.0.0.1:3000`); the launchers and docker-compose set the real one. Clients that send
   * no Origin (servers, mobile apps) are not concerned.
   */
  readonly corsOrigin!: '*' | string[];
  /** Unset: in-memory adapter, one node only. */
  readonly redisUrl?: string;
  /** Most verbose Nest log level printed, or `silent`. Default `log`. */
  readonly logLevel!: LogLevelSetting;
  /** `LOG_FORMAT`: `json`, or `pretty`; default `json` when NODE_ENV=production, `pretty` otherwise. */
  readonly logFormat!: LogFormat;
  /** `chat` and `react` per user, across sockets and nodes (the window: `burst` per `burst / perSecond` s). Defaults: 50 per second, bursts of 100. */
  readonly chatRate!: { perSecond: number; burst: number };
  /** EVENT_RATE_PER_SEC / EVENT_RATE_BURST (20 / 40): join, leave and read, per user across sockets and nodes. */
  readonly eventRate!: { perSecond: number; burst: number };
  /** MAX_SOCKETS_PER_USER (20): open sockets of one user on one socket process. */
  readonly maxSocketsPerUser!: number;
  /**
   * DRAIN_TIMEOUT_MS (10000): the bound on a SIGTERM/SIGINT shutdown. Chats in hand get half of it
   * to be answered (each has API_TIMEOUT_MS anyway), and the process exits once it is past, however
   * far the close got.
   */
  readonly drainTimeoutMs!: number;
  /**
   * SOCKET_PING_INTERVAL_MS / SOCKET_PING_TIMEOUT_MS (10000 / 10000): Socket.IO's heartbeat, so
   * clients leave a node that went silent without closing (its host gone) within 20 s, not
   * Socket.IO's default 45 s.
   */
  readonly heartbeat!: { pingIntervalMs: number; pingTimeoutMs: number };
  readonly chatWrite!: ChatWriteConfig;
  readonly scaleOut!: ScaleOutConfig;
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
  /** This process's id in routing and among the processes of a community: `<nodeId>.<pid>.<random>`. */
  instanceId: string;
  /** This worker's index on a clustered node (set by the primary); undefined for a single process. */
  workerIndex?: number;
  /** Moving communities off a process that stays busier than the others (routing/rebalancer.ts). */
  rebalance: RebalanceConfig;
  /** `ROUTING_REPORT_INTERVAL_MS`: how often this process reports its load. Default 2000. */
  reportIntervalMs: number;
  /** `ROUTING_NODE_TTL_MS`: how long a report keeps the process in routing. Default 6000, at least 2 intervals. */
  nodeTtlMs: number;
}

export interface RebalanceConfig {
  /** `REBALANCE_MIN_EXCESS`: load above the average of all processes that counts as too busy. Default 0.2. */
  minExcess: number;
  /** `REBALANCE_AFTER_REPORTS`: consecutive reports the excess must last. Default 5 (10 s). */
  afterReports: number;
  /** `REBALANCE_MAX_MOVES`: communities moved per report at most; 0 turns rebalancing off. Default 2. */
  maxMoves: number;
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

/** The web page of an API on its default port, as a browser on this machine names it. */
const DEFAULT_WEB_ORIGINS = ['http://127.0.0.1:3000', 'http://localhost:3000'];

function allowedOrigins(setting: string | undefined): '*' | string[] {
  if (setting === '*') return '*';
  if (setting === undefined) return [...DEFAULT_WEB_ORIGINS];
  return setting
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
}

/** Validates the environment once at boot; throws a ConfigError naming every bad variable. */
export function loadSocketConfig(env: NodeJS.ProcessEnv = process.env): SocketConfig {
  const e = parseEnv(socketEnvSchema, env, 'socket server');
  const nodeId =
    e.SOCKET_NODE_ID ??
    `${hostname()
      .replace(/[^A-Za-z0-9_.-]/g, '-')
      .slice(0, 40)}-${randomBytes(4).toString('hex')}`;
  const config: SocketConfig = {
    host: e.SOCKET_HOST,
    port: e.SOCKET_PORT,
    apiUrl: e.API_URL,
    internalToken: e.INTERNAL_TOKEN,
    jwtSecret: e.JWT_SECRET,
    tokenRules: tokenRulesFrom(e),
    apiTimeoutMs: e.API_TIMEOUT_MS,
    apiConnections: e.API_CONNECTIONS,
    corsOrigin: allowedOrigins(e.CORS_ORIGIN),
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    logFormat: resolveLogFormat(e.LOG_FORMAT, e.NODE_ENV),
    chatRate: { perSecond: e.CHAT_RATE_PER_SEC, burst: e.CHAT_RATE_BURST },
    eventRate: { perSecond: e.EVENT_RATE_PER_SEC, burst: e.EVENT_RATE_BURST },
    maxSocketsPerUser: e.MAX_SOCKETS_PER_USER,
    drainTimeoutMs: e.DRAIN_TIMEOUT_MS,
    heartbeat: { pingIntervalMs: e.SOCKET_PING_INTERVAL_MS, pingTimeoutMs: e.SOCKET_PING_TIMEOUT_MS },
    chatWrite: {
      mode: e.CHAT_WRITE_MODE,
      batchMax: e.CHAT_BATCH_MAX,
      maxInFlight: e.CHAT_BATCH_IN_FLIGHT,
      windowMs: e.CHAT_BATCH_WINDOW_MS,
      queueMax: e.CHAT_QUEUE_MAX,
      queueMaxWaitMs: e.CHAT_QUEUE_MAX_WAIT_MS,
      coalesceWrites: e.SOCKET_COALESCE_WRITES,
    },
    scaleOut: {
      adapter: e.REDIS_ADAPTER,
      keyPrefix: e.REDIS_KEY_PREFIX,
      publicUrl: e.SOCKET_PUBLIC_URL,
      nodeId,
      instanceId: `${nodeId}.${process.pid}.${randomBytes(3).toString('hex')}`,
      workers: e.SOCKET_WORKERS,
      workerIndex: e.SOCKET_WORKER_INDEX,
      rebalance: { minExcess: e.REBALANCE_MIN_EXCESS, afterReports: e.REBALANCE_AFTER_REPORTS, maxMoves: e.REBALANCE_MAX_MOVES },
      reportIntervalMs: e.ROUTING_REPORT_INTERVAL_MS,
      nodeTtlMs: e.ROUTING_NODE_TTL_MS,
    },
  };
  return Object.freeze(Object.assign(new SocketConfig(), config));
}
