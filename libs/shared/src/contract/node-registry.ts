/**
 * Where socket nodes and the API meet in Redis for routing (`GET /api/communities/:id/endpoint`).
 * Both apps build their keys here, under the `REDIS_KEY_PREFIX` they share.
 *
 * - Every socket *process* (a worker of a clustered node counts as one) keeps a hash of its last
 *   load report under `instance(<instanceId>)`, rewritten every ROUTING_REPORT_INTERVAL_MS with a
 *   TTL of ROUTING_NODE_TTL_MS, and its expiry (Redis clock, ms) in the `instances` sorted set.
 * - Processes with the same `nodeId` sit behind the same URL; routing adds them up into one node.
 * - `community(<communityId>)` holds the instance id of the process a community is served from.
 *
 * Every key starts with the prefix, so a prefix with a hash tag (`{commu-chat}`) keeps them all in
 * one Redis Cluster slot, as the routing script needs.
 */
export interface NodeRegistryKeys {
  /** Sorted set: instance id -> expiry in ms on the Redis clock. */
  instances: string;
  /** Hash of one process's {@link InstanceLoadFields}, with a TTL. */
  instance(instanceId: string): string;
  /** `instance(id)` is this followed by the id (for the routing script, which builds keys itself). */
  instancePrefix: string;
  /** String: the instance id of the process serving the community. */
  community(communityId: string): string;
}

export function nodeRegistryKeys(prefix: string): NodeRegistryKeys {
  const instancePrefix = `${prefix}:routing:instance:`;
  return {
    instances: `${prefix}:routing:instances`,
    instance: (instanceId) => `${instancePrefix}${instanceId}`,
    instancePrefix,
    community: (communityId) => `${prefix}:routing:community:${communityId}`,
  };
}

/**
 * The routing key of a user's own namespace (USER_NAMESPACE), routed like a community under
 * `community(key)`: never a community's uuid, so the two cannot collide.
 */
export function personalRoutingKey(userId: string): string {
  return `user-${userId}`;
}

/** What one socket process reports, field by field in its hash. */
export interface InstanceLoadFields {
  nodeId: string;
  /** The origin clients connect to (`SOCKET_PUBLIC_URL`). */
  url: string;
  /** Sockets connected to community namespaces. */
  sockets: number;
  /** Engine.IO connections (a client in several communities multiplexes them over one). */
  connections: number;
  /** Event-loop utilisation over the last report interval, 0..1. */
  elu: number;
  /** The worker's index on a clustered node (`SOCKET_WORKERS` > 1); absent for a single process. */
  worker?: number;
}

/**
 * How load turns into one number per node (lower is less loaded). Per socket process:
 * `elu + sockets / SOCKETS_PER_EVENT_LOOP + pending * PENDING_COMMUNITY_LOAD`, averaged over the
 * node's processes (a node with more workers has more event loops to fill).
 */
export const ROUTING_WEIGHTS = {
  /** Sockets that weigh as much as a saturated event loop (ELU 1): idle sockets still cost memory and fan-out. */
  SOCKETS_PER_EVENT_LOOP: 5000,
  /**
   * What one community assigned since the process's last report weighs until the next report
   * shows its real load: without it, every community asked for within one report interval would
   * go to the same node.
   */
  PENDING_COMMUNITY_LOAD: 0.02,
} as const;

/** One process's load as routing weighs it (see {@link ROUTING_WEIGHTS}); `pending` left out. */
export function instanceLoad(fields: Pick<InstanceLoadFields, 'sockets' | 'elu'>): number {
  return fields.elu + fields.sockets / ROUTING_WEIGHTS.SOCKETS_PER_EVENT_LOOP;
}
