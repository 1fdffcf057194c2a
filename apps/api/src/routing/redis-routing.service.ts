import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ReadinessCheck } from '@app/server';
import {
  communityNamespace,
  DomainError,
  type EndpointResponse,
  nodeRegistryKeys,
  type NodeRegistryKeys,
  personalRoutingKey,
  ROUTING_WEIGHTS,
  USER_NAMESPACE,
} from '@app/shared';
import Redis from 'ioredis';
import type { ApiConfig } from '../config/api-config';
import { ROUTE_COMMUNITY_SCRIPT } from './route-community.script';
import { RoutingService } from './routing.service';

/**
 * Routing across the socket nodes that announce themselves in Redis (apps/socket/src/routing):
 * a community keeps its process while that process reports, and otherwise goes to the least-loaded
 * process of the least-loaded live node. The decision is one Lua script, so concurrent lookups on any number of API instances agree.
 */
@Injectable()
export class RedisRoutingService extends RoutingService implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisRoutingService.name);
  private readonly redis: Redis;
  private readonly keys: NodeRegistryKeys;
  private readonly assignmentTtlMs: number;

  constructor(config: ApiConfig) {
    super();
    if (!config.REDIS_URL) throw new Error('RedisRoutingService needs REDIS_URL');
    this.keys = nodeRegistryKeys(config.REDIS_KEY_PREFIX);
    this.assignmentTtlMs = config.ROUTING_ASSIGNMENT_TTL_SECONDS * 1000;
    this.redis = new Redis(config.REDIS_URL, {
      connectionName: `${config.REDIS_KEY_PREFIX}:api:${process.pid}`,
      // While Redis is away a lookup fails fast (503) rather than queueing behind the reconnection.
      maxRetriesPerRequest: 1,
      commandTimeout: 1000,
      retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
      // Grace for a closing connection to end; ioredis arms it even for a connection already lost.
      disconnectTimeout: 500,
    });
    let down = false;
    this.redis.on('error', (err: Error) => {
      if (!down) this.logger.warn(`Redis (routing) unreachable: ${err.message}; endpoint lookups answer 503 until it is back`);
      down = true;
    });
    this.redis.on('ready', () => {
      if (down) this.logger.log('Redis (routing) reachable again');
      down = false;
    });
  }

  async endpointFor(communityId: string): Promise<EndpointResponse> {
    return { ...(await this.route(communityId, `community ${communityId}`)), namespace: communityNamespace(communityId) };
  }

  /**
   * A user's own namespace is routed like a community under a key of its own (`user-<id>`, never a
   * community's uuid): it stays on one node while that node reports, and new ones go where load is least.
   */
  async personalEndpoint(userId: string): Promise<EndpointResponse> {
    return { ...(await this.route(personalRoutingKey(userId), `user ${userId}`)), namespace: USER_NAMESPACE };
  }

  private async route(key: string, what: string): Promise<Omit<EndpointResponse, 'namespace'>> {
    let reply: unknown;
    try {
      reply = await this.redis.eval(
        ROUTE_COMMUNITY_SCRIPT,
        2,
        this.keys.instances,
        this.keys.community(key),
        this.keys.instancePrefix,
        this.assignmentTtlMs,
        ROUTING_WEIGHTS.SOCKETS_PER_EVENT_LOOP,
        ROUTING_WEIGHTS.PENDING_COMMUNITY_LOAD,
      );
    } catch (err) {
      this.logger.debug(`routing lookup failed: ${err instanceof Error ? err.message : String(err)}`);
      throw new DomainError('unavailable', 'routing is unavailable; try again shortly');
    }
    if (!Array.isArray(reply)) throw new DomainError('unavailable', 'no socket node is available; try again shortly');
    const [nodeId, url, previous, assignedNow, instanceId, worker, leaseMs] = reply.map(String);
    if (assignedNow === '1') {
      this.logger.log(
        previous ? `${what} moved from ${previous} (not reporting) to ${instanceId}` : `${what} assigned to node ${nodeId} (${instanceId})`,
      );
    }
    return { url, query: worker ? { node: nodeId, worker } : { node: nodeId }, leaseMs: Number(leaseMs) };
  }

  /** Endpoint lookups answer 503 while Redis is away, so the API is not ready then. */
  override readinessChecks(): Record<string, ReadinessCheck> {
    return {
      redis: async () => {
        // A connection being re-established would queue the PING behind it: say so at once instead.
        if (this.redis.status !== 'ready') throw new Error(`Redis connection is ${this.redis.status}`);
        await this.redis.ping();
      },
    };
  }

  /** After the listeners closed (Nest's shutdown order): endpoint lookups in flight still had Redis. */
  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status !== 'ready') return this.redis.disconnect();
    const quit = this.redis.quit().then(
      () => true,
      () => false,
    );
    const quitInTime = await Promise.race([quit, new Promise<false>((resolve) => setTimeout(() => resolve(false), 1000).unref())]);
    if (!quitInTime) this.redis.disconnect();
  }
}
