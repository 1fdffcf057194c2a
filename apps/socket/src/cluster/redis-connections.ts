import type { LoggerService } from '@nestjs/common';
import type { RedisOptions } from 'ioredis';
import { FailSoftRedis } from './fail-soft-redis';

/** The two connections a node keeps to Redis. */
export interface RedisConnections {
  /**
   * Publishes broadcasts and the node's load reports. Without an offline queue: while Redis is
   * down its commands fail at once instead of piling up, so local delivery (which the sharded
   * adapter awaits after publishing) and acks never wait on Redis.
   */
  pub: FailSoftRedis;
  /**
   * Holds the subscriptions. Its (un)subscribe commands wait for the reconnection instead of
   * failing: a lost SUBSCRIBE would leave a namespace deaf and a lost UNSUBSCRIBE would come back
   * as a leaked subscription when ioredis resubscribes.
   */
  sub: FailSoftRedis;
  /** Connection errors of both clients plus their failed commands, since connecting (for the metrics). */
  errors(): number;
  /** Quits both (waiting for queued unsubscribes), or drops them after `timeoutMs`. Idempotent. */
  close(timeoutMs?: number): Promise<void>;
}

export interface RedisConnectionOptions {
  /** Prefixes the CLIENT SETNAME of both connections (`<name>:pub`, `<name>:sub`) for CLIENT LIST. */
  name: string;
  logger: LoggerService;
  /** Longest wait for the first connection at boot. Default 10 s. */
  connectTimeoutMs?: number;
}

/**
 * Connects both clients before the Socket.IO server exists (its adapters subscribe as soon as a
 * namespace is created). Fails with a readable error when Redis cannot be reached at boot; once
 * running, outages are retried forever and logged once each.
 */
export async function connectRedis(url: string, options: RedisConnectionOptions): Promise<RedisConnections> {
  const common: RedisOptions = {
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    // Reconnect quickly after a blip, at most every 2 s during a long outage.
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    // Grace for a closing connection to end; ioredis arms it even for a connection already lost.
    disconnectTimeout: 500,
  };
  const pub = new FailSoftRedis(url, {
    ...common,
    connectionName: `${options.name}:pub`,
    enableOfflineQueue: false,
    // Commands in flight when the connection drops fail then, rather than wait to be resent.
    maxRetriesPerRequest: 0,
    // A Redis that stops answering without closing the connection must not hold broadcasts either.
    commandTimeout: 2000,
  });
  const sub = new FailSoftRedis(url, { ...common, connectionName: `${options.name}:sub`, maxRetriesPerRequest: null });
  let connectionErrors = 0;
  for (const [role, client] of [
    ['pub', pub],
    ['sub', sub],
  ] as const) {
    client.on('error', () => connectionErrors++);
    watchConnection(client, `Redis ${role} connection (${redactUrl(url)})`, options.logger);
    // The classic adapter adds listeners per namespace, and a node serves thousands of namespaces;
    // leaks are guarded by the namespace-churn test instead of this warning.
    client.setMaxListeners(0);
  }

  let closing: Promise<void> | undefined;
  const close = (timeoutMs = 2000) => (closing ??= Promise.all([pub, sub].map((client) => quitWithin(client, timeoutMs))).then(() => undefined));
  try {
    await Promise.all([pub.connect(), sub.connect()]);
  } catch (err) {
    pub.disconnect();
    sub.disconnect();
    throw new Error(`cannot reach Redis at ${redactUrl(url)}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { pub, sub, close, errors: () => connectionErrors + pub.failedCommands + sub.failedCommands };
}

/** One line when the connection breaks and one when it is back, not one per retry. */
function watchConnection(client: FailSoftRedis, what: string, logger: LoggerService): void {
  let down = false;
  client.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger.warn(`${what} failed: ${err.message}; retrying`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.log(`${what} restored`);
  });
}

async function quitWithin(client: FailSoftRedis, timeoutMs: number): Promise<void> {
  // Not connected: nothing queued can reach Redis, and Redis already dropped this connection's subscriptions.
  if (client.status !== 'ready') return client.disconnect();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const result = await Promise.race([client.quit().catch(() => 'failed' as const), timedOut]);
  clearTimeout(timer);
  if (result !== 'OK') client.disconnect();
}

/** Never log a password. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
