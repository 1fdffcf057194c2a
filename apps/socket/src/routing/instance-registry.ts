import { type InstanceLoadFields, nodeRegistryKeys, type NodeRegistryKeys } from '@app/shared';
import type Redis from 'ioredis';

/**
 * Rewrites the process's hash and its index entry in one step, both expiring after the TTL on the
 * Redis clock (hosts' clocks may disagree; Redis's is the one the API's routing script reads).
 * DEL first: the API's routing counts assignments since the last report in a `pending` field, and
 * a fresh report, which sees those communities' sockets, starts over from zero.
 */
const REPORT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
return now
`;

/** One socket process's entry in the node registry (see `nodeRegistryKeys`). */
export class InstanceRegistry {
  private readonly keys: NodeRegistryKeys;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
    readonly instanceId: string,
    private readonly ttlMs: number,
  ) {
    this.keys = nodeRegistryKeys(keyPrefix);
  }

  async report(load: InstanceLoadFields): Promise<void> {
    const fields = Object.entries(load).flatMap(([name, value]) => [name, String(value)]);
    // EVAL rather than EVALSHA: Redis caches the compiled script by its hash either way.
    await this.redis.eval(REPORT_SCRIPT, 2, this.keys.instances, this.keys.instance(this.instanceId), this.instanceId, this.ttlMs, ...fields);
  }

  /** Leaves routing at once (graceful shutdown), instead of after the TTL. */
  async remove(): Promise<void> {
    await this.redis.multi().del(this.keys.instance(this.instanceId)).zrem(this.keys.instances, this.instanceId).exec();
  }
}
