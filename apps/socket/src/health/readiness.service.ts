import { Inject, Injectable, Optional } from '@nestjs/common';
import { checkReadiness, READINESS_CHECK_TIMEOUT_MS, type ReadinessCheck } from '@app/server';
import type { ReadinessResponse } from '@app/shared';
import { ApiClient } from '../api-client/api-client.service';
import type { RedisConnections } from '../cluster/redis-connections';
import { NodeDrain } from '../community/node-drain.service';

/** The adapter's Redis connections, provided only when REDIS_URL is set. */
export const HEALTH_REDIS = Symbol('HEALTH_REDIS');

/**
 * What a node needs to serve chat: the API and, with REDIS_URL, the adapter's Redis connections.
 * A draining node is not ready (check `draining`, present only then): it takes no new connections.
 */
@Injectable()
export class ReadinessService {
  constructor(
    private readonly api: ApiClient,
    private readonly drain: NodeDrain,
    @Optional() @Inject(HEALTH_REDIS) private readonly redis?: RedisConnections,
  ) {}

  readiness(): Promise<ReadinessResponse> {
    const checks: Record<string, ReadinessCheck> = { api: () => this.api.probe(READINESS_CHECK_TIMEOUT_MS) };
    const redis = this.redis;
    if (redis) {
      checks.redis = async () => {
        // Both connections: without the subscriber the node publishes but hears no other node.
        for (const [role, client] of [
          ['pub', redis.pub],
          ['sub', redis.sub],
        ] as const) {
          if (client.status !== 'ready') throw new Error(`Redis ${role} connection is ${client.status}`);
        }
        await redis.pub.ping();
      };
    }
    if (this.drain.active) checks.draining = () => Promise.reject(new Error('this node is shutting down'));
    return checkReadiness(checks);
  }
}
