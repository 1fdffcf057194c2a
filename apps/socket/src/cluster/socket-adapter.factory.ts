import { Logger } from '@nestjs/common';
import type { ServerOptions } from 'socket.io';
import type { SocketConfig } from '../config/socket-config';

/** The Socket.IO adapter broadcasts travel through, and what it holds open. */
export interface SocketAdapterHandle {
  /** Passed to Socket.IO's `adapter` option; undefined keeps the in-memory adapter. */
  adapter?: ServerOptions['adapter'];
  /** Releases the adapter's connections (e.g. Redis clients) after the Socket.IO server closed. */
  close(): Promise<void>;
}

/**
 * The seam where several socket nodes get joined: with REDIS_URL set this will connect the Redis
 * pub/sub clients *before* the server is created and return the Redis adapter. Until that lands,
 * broadcasts stay on this node, which is correct for exactly one node.
 */
export async function createSocketAdapter(config: SocketConfig, logger = new Logger('SocketAdapter')): Promise<SocketAdapterHandle> {
  if (config.redisUrl) {
    logger.warn('REDIS_URL is set but the Redis adapter is not wired in yet: broadcasts reach this node only');
  }
  return { adapter: undefined, close: async () => undefined };
}
