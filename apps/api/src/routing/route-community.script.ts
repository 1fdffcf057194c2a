/**
 * The routing decision, atomic in Redis so that any number of API instances agree:
 * (weights: `ROUTING_WEIGHTS` in libs/shared) KEYS[1] the instance index (sorted set), KEYS[2] the community's assignment;
 * ARGV[1] the instance key prefix, ARGV[2] the assignment TTL in ms, ARGV[3] sockets per event
 * loop, ARGV[4] the load of a pending community.
 *
 * A community is assigned to one socket *process* (instance), so that its members share one
 * process and its broadcasts stay in memory. Drops expired instances and sums the live ones per
 * node; keeps the community's instance while it reports; otherwise picks the least-loaded node
 * (ties: the smallest node id) and, in it, its least-loaded process.
 * Returns `{ nodeId, url, previousInstanceId or '', '1' if assigned now, instanceId, worker or '',
 * leaseMs }` (leaseMs: how long the instance's entry lives without another report), or nil when no
 * node is live.
 */
export const ROUTE_COMMUNITY_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local socketsPerLoop = tonumber(ARGV[3])
local pendingLoad = tonumber(ARGV[4])
local nodes = {}
local nodeIds = {}
local instances = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local key = ARGV[1] .. id
  local f = redis.call('HMGET', key, 'nodeId', 'url', 'sockets', 'elu', 'pending', 'worker')
  if f[1] and f[2] then
    local load = (tonumber(f[4]) or 0) + (tonumber(f[3]) or 0) / socketsPerLoop + (tonumber(f[5]) or 0) * pendingLoad
    instances[id] = { nodeId = f[1], url = f[2], worker = f[6] or '' }
    local node = nodes[f[1]]
    if not node then
      node = { sum = 0, count = 0, leastId = id, least = load }
      nodes[f[1]] = node
      table.insert(nodeIds, f[1])
    end
    node.sum = node.sum + load
    node.count = node.count + 1
    if load < node.least then node.least = load; node.leastId = id end
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
local function lease(id)
  return math.max(0, tonumber(redis.call('ZSCORE', KEYS[1], id)) - now)
end
local assigned = redis.call('GET', KEYS[2])
if assigned and instances[assigned] then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
  local i = instances[assigned]
  return { i.nodeId, i.url, '', '0', assigned, i.worker, lease(assigned) }
end
table.sort(nodeIds)
local pick, best
for _, nodeId in ipairs(nodeIds) do
  local score = nodes[nodeId].sum / nodes[nodeId].count
  if best == nil or score < best then pick = nodeId; best = score end
end
if pick == nil then return nil end
local id = nodes[pick].leastId
redis.call('SET', KEYS[2], id, 'PX', ARGV[2])
redis.call('HINCRBY', ARGV[1] .. id, 'pending', 1)
return { pick, instances[id].url, assigned or '', '1', id, instances[id].worker, lease(id) }
`;
