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

/**
 * The routing decision, atomic in Redis so that any number of API instances agree:
 * KEYS[1] the instance index (sorted set), KEYS[2] the community's assignment;
 * ARGV[1] the instance key prefix, ARGV[2] the assignment TTL in ms, ARGV[3] sockets per event
 * loop, ARGV[4] the load of a pending community.
 *
 * Drops expired instances, sums the live ones per node, keeps the community's node while any of
 * its processes reports, otherwise assigns the least-loaded node (ties: the smallest node id).
 * Returns `{ nodeId, url, previousNodeId or '' , '1' if assigned now }`, or nil when no node is live.
 */
export const ROUTE_COMMUNITY_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local socketsPerLoop = tonumber(ARGV[3])
local pendingLoad = tonumber(ARGV[4])
local nodes = {}
local nodeIds = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local key = ARGV[1] .. id
  local f = redis.call('HMGET', key, 'nodeId', 'url', 'sockets', 'elu', 'pending')
  if f[1] and f[2] then
    local load = (tonumber(f[4]) or 0) + (tonumber(f[3]) or 0) / socketsPerLoop + (tonumber(f[5]) or 0) * pendingLoad
    local node = nodes[f[1]]
    if not node then
      node = { url = f[2], sum = 0, count = 0, leastKey = key, least = load }
      nodes[f[1]] = node
      table.insert(nodeIds, f[1])
    end
    node.sum = node.sum + load
    node.count = node.count + 1
    if load < node.least then node.least = load; node.leastKey = key end
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
local assigned = redis.call('GET', KEYS[2])
if assigned and nodes[assigned] then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
  return { assigned, nodes[assigned].url, '', '0' }
end
table.sort(nodeIds)
local pick, best
for _, nodeId in ipairs(nodeIds) do
  local score = nodes[nodeId].sum / nodes[nodeId].count
  if best == nil or score < best then pick = nodeId; best = score end
end
if pick == nil then return nil end
redis.call('SET', KEYS[2], pick, 'PX', ARGV[2])
redis.call('HINCRBY', nodes[pick].leastKey, 'pending', 1)
return { pick, nodes[pick].url, assigned or '', '1' }
`;
