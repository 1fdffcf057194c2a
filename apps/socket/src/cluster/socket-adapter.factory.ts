import { Logger, type LoggerService } from '@nestjs/common';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import type { ServerOptions } from 'socket.io';
import type { SocketConfig } from '../config/socket-config';
import { keepBroadcastsInProcess, PEER_ANSWER_TIMEOUT_MS } from './process-local-broadcasts';
import { connectRedis, type RedisConnections } from './redis-connections';

/** The Socket.IO adapter broadcasts travel through, and what it holds open. */
export interface SocketAdapterHandle {
  /** Passed to Socket.IO's `adapter` option; undefined keeps the in-memory adapter. */
  adapter?: ServerOptions['adapter'];
  /** The node's Redis connections when REDIS_URL is set; the load reports use `pub`. */
  redis?: RedisConnections;
  /** Releases the adapter's connections (the Redis clients) after the Socket.IO server closed. Idempotent. */
  close(): Promise<void>;
}

/** Adapter channels live under the shared key prefix, so runs and deployments sharing a Redis stay apart. */
export function adapterChannelPrefix(keyPrefix: string): string {
  return `${keyPrefix}:io`;
}

/**
 * Joins the socket nodes: with REDIS_URL set, connects the Redis clients *before* the Socket.IO
 * server exists and returns the Redis adapter (classic or sharded, per REDIS_ADAPTER). The classic
 * one publishes only for communities that another process serves too (process-local-broadcasts.ts).
 * Without REDIS_URL broadcasts stay on this node, which is correct for exactly one node.
 *
 * Every child namespace gets an adapter of its own, and Socket.IO closes it when the namespace is
 * cleaned up (`cleanupEmptyChildNamespaces`); both adapters' `close()` unsubscribe their channels.
 */
export async function createSocketAdapter(
  config: SocketConfig,
  logger: LoggerService = new Logger('SocketAdapter'),
): Promise<SocketAdapterHandle> {
  if (!config.redisUrl) return { adapter: undefined, close: async () => undefined };
  const { adapter: kind, keyPrefix, nodeId, instanceId } = config.scaleOut;
  const redis = await connectRedis(config.redisUrl, { name: `${keyPrefix}:${nodeId}:${process.pid}`, logger });
  const channelPrefix = adapterChannelPrefix(keyPrefix);
  const adapter =
    kind === 'sharded'
      ? // `static`: two channels per namespace. `dynamic` would add one per channel room and node,
        // subscribed on a room's first join (after its ack: a window where broadcasts are missed),
        // while routing keeps a community's sockets on one node anyway; `dynamic-private` would
        // add one per socket.
        createShardedAdapter(redis.pub, redis.sub, { channelPrefix, subscriptionMode: 'static' })
      : keepBroadcastsInProcess(
          // Its only requests are the peers' handshake (PEER_ANSWER_TIMEOUT_MS); the default 5 s
          // would keep a closed namespace's unanswered request, and the process, alive that long.
          createAdapter(redis.pub, redis.sub, { key: channelPrefix, requestsTimeout: PEER_ANSWER_TIMEOUT_MS }),
          instanceId,
          config.scaleOut.nodeTtlMs,
        );
  logger.log(`Redis adapter: ${kind}, channels ${channelPrefix}#<namespace>#...`);
  return { adapter, redis, close: () => redis.close() };
}
