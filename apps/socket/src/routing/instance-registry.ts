import { type InstanceLoadFields, instanceLoad, nodeRegistryKeys, type NodeRegistryKeys } from '@app/shared';
import type Redis from 'ioredis';

/**
 * Rewrites the process's hash and its index entry in one step, both expiring after the TTL on the
 * Redis clock (hosts' clocks may disagree; Redis's is the one the API's routing script reads).
 * DEL first: the API's routing counts assignments since the last report in a `pending` field, and
 * a fresh report, which sees those communities' sockets, starts over from zero.
 * Returns whether the hash was still there: after a Redis restart (it keeps nothing on disk) it is
 * not, and neither are the assignments.
 */
const REPORT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local existed = redis.call('EXISTS', KEYS[2])
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
return existed
`;

/** KEYS: assignment keys; ARGV[1] this instance, ARGV[2] TTL ms. Claims the ones nobody holds. */
const CLAIM_SCRIPT = `
local claimed = 0
for _, key in ipairs(KEYS) do
  if redis.call('SET', key, ARGV[1], 'NX', 'PX', ARGV[2]) then claimed = claimed + 1 end
end
return claimed
`;

/** KEYS[1] an assignment, KEYS[2] the target's hash; ARGV[1] this instance, ARGV[2] the target, ARGV[3] TTL ms. */
const MOVE_SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('HINCRBY', KEYS[2], 'pending', 1)
return 1
`;

/** KEYS[1] the index; ARGV[1] the hash prefix. Every process whose report is still there: id, sockets, elu. */
const LOADS_SCRIPT = `
local out = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local f = redis.call('HMGET', ARGV[1] .. id, 'nodeId', 'sockets', 'elu')
  if f[1] then table.insert(out, { id, f[2] or '0', f[3] or '0' }) end
end
return out
`;

/**
 * How long an assignment claimed or moved by a socket process lasts: the API's default
 * ROUTING_ASSIGNMENT_TTL_SECONDS (a day). Every endpoint lookup extends it to the API's own setting.
 */
export const ASSIGNMENT_TTL_MS = 86_400_000;

export interface InstanceLoad {
  instanceId: string;
  /** As routing weighs it: `instanceLoad()`. */
  load: number;
}

/** One socket process's entry in the node registry (see `nodeRegistryKeys`), and its assignments. */
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

  /** Returns whether this process's previous report was still in Redis. */
  async report(load: InstanceLoadFields): Promise<boolean> {
    const fields = Object.entries(load).flatMap(([name, value]) => (value === undefined ? [] : [name, String(value)]));
    // EVAL rather than EVALSHA: Redis caches the compiled script by its hash either way.
    const existed = await this.redis.eval(
      REPORT_SCRIPT,
      2,
      this.keys.instances,
      this.keys.instance(this.instanceId),
      this.instanceId,
      this.ttlMs,
      ...fields,
    );
    return existed === 1;
  }

  /** Assigns to this process every routing key (community id, `user-<id>`) nobody holds; returns how many. */
  async claim(routingKeys: readonly string[]): Promise<number> {
    if (routingKeys.length === 0) return 0;
    const claimed = await this.redis.eval(
      CLAIM_SCRIPT,
      routingKeys.length,
      ...routingKeys.map((key) => this.keys.community(key)),
      this.instanceId,
      ASSIGNMENT_TTL_MS,
    );
    return Number(claimed);
  }

  /** Which of these routing keys are assigned to this process. */
  async assignedHere(routingKeys: readonly string[]): Promise<string[]> {
    if (routingKeys.length === 0) return [];
    const holders = await this.redis.mget(...routingKeys.map((key) => this.keys.community(key)));
    return routingKeys.filter((_, i) => holders[i] === this.instanceId);
  }

  /** Hands an assignment of this process to another live process; false if it was not ours or the target is gone. */
  async move(routingKey: string, toInstanceId: string): Promise<boolean> {
    const moved = await this.redis.eval(
      MOVE_SCRIPT,
      2,
      this.keys.community(routingKey),
      this.keys.instance(toInstanceId),
      this.instanceId,
      toInstanceId,
      ASSIGNMENT_TTL_MS,
    );
    return moved === 1;
  }

  /** The load of every process that reports. */
  async loads(): Promise<InstanceLoad[]> {
    const rows = (await this.redis.eval(LOADS_SCRIPT, 1, this.keys.instances, this.keys.instancePrefix)) as string[][];
    return rows.map(([instanceId, sockets, elu]) => ({
      instanceId: instanceId!,
      load: instanceLoad({ sockets: Number(sockets), elu: Number(elu) }),
    }));
  }

  /** Leaves routing at once (graceful shutdown), instead of after the TTL. */
  async remove(): Promise<void> {
    await this.redis.multi().del(this.keys.instance(this.instanceId)).zrem(this.keys.instances, this.instanceId).exec();
  }
}
