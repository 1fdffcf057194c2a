import { redisPids, type ProcessGroupSpec } from '../lib/proc-stats';
import type { PostgresProcesses } from '../lib/postgres-pids';
import type { AgentHandle } from '../load/agent-pool';

/** The processes every measured window reports on. */
export function processGroups(opts: {
  socketPids: number[];
  apiPid: number;
  agents: AgentHandle[];
  redis: boolean;
  postgres: PostgresProcesses;
}): ProcessGroupSpec[] {
  const groups: ProcessGroupSpec[] = [
    { name: 'socket', pids: () => opts.socketPids.filter((pid) => pid > 0), memory: 'rss' },
    { name: 'api', pids: () => (opts.apiPid > 0 ? [opts.apiPid] : []), memory: 'rss' },
    // All of Postgres's processes that work for the bench, and within them the background ones alone.
    { name: 'postgres', pids: () => opts.postgres.pids(), memory: 'pss' },
    { name: 'postgresBackground', pids: () => opts.postgres.backgroundPids(), memory: 'pss', subsetOf: 'postgres' },
    { name: 'loadgen', pids: () => [...new Set(opts.agents.map((a) => a.pid))], memory: 'rss' },
  ];
  if (opts.redis) groups.push({ name: 'redis', pids: redisPids, memory: 'rss' });
  return groups;
}
