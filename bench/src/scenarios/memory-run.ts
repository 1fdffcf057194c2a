import { rssKb } from '../lib/proc-stats';
import type { RestClient } from '../lib/rest-client';
import type { AgentHandle } from '../load/agent-pool';
import type { ConnSpec } from '../load/load-protocol';
import { buildTopology, createUsersGrid } from '../setup/topology';
import type { BenchStack, MemoryUsageSample } from '../stack/bench-stack';
import type { MemoryRunConfig } from '../bench-config';

export interface MemoryRunReport {
  connections: number;
  connected: number;
  failed: number;
  errors: Record<string, number>;
  communities: number;
  channelsJoinedPerSocket: number;
  setupSeconds: number;
  connectSeconds: number;
  /** Of the socket process, after a full GC, before (after a warm-up batch) and with all connected. */
  before: MemoryUsageSample | null;
  after: MemoryUsageSample | null;
  rssBeforeMb: number;
  rssAfterMb: number;
  /** (after − before) / connections measured, in KB. */
  rssPerConnKb: number;
  heapPerConnKb: number | null;
  /** heapUsed + external + arrayBuffers: what JS and buffers hold per connection. */
  jsPerConnKb: number | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * 10k+ idle, authenticated sockets over many communities, each joined to its community's channels,
 * opened from several agent processes: what one connection costs the socket process.
 */
export async function runMemory(args: {
  stack: BenchStack;
  api: RestClient;
  agents: AgentHandle[];
  config: MemoryRunConfig;
  tag: string;
  setupConcurrency: number;
  log: (line: string) => void;
}): Promise<MemoryRunReport> {
  const { stack, api, agents, config, log } = args;
  const communities = Math.ceil(config.connections / config.connectionsPerCommunity);
  const setupStarted = performance.now();
  const users = await createUsersGrid(api, args.tag, communities, config.connectionsPerCommunity, Math.max(args.setupConcurrency, 16));
  const topology = await buildTopology(api, {
    tag: args.tag,
    communities,
    channelsPerCommunity: config.channelsPerCommunity,
    membersPerCommunity: config.connectionsPerCommunity,
    concurrency: Math.max(args.setupConcurrency, 16),
    users,
  });
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  log(`memory topology ready in ${setupSeconds.toFixed(1)} s: ${communities} communities x ${config.connectionsPerCommunity} users`);

  const all: ConnSpec[] = topology.flatMap((c) =>
    c.members.map((m) => ({ token: m.token, namespace: c.namespace, channels: c.channels, sender: false })),
  );
  const specs = all.slice(0, config.connections);
  const warm = Math.min(100, Math.floor(specs.length / 10));
  const socket = await stack.startSocket({ name: 'memory' });

  const connectSlice = async (slice: ConnSpec[]) => {
    const parts: ConnSpec[][] = agents.map(() => []);
    slice.forEach((spec, i) => parts[i % agents.length].push(spec));
    return Promise.all(
      agents.map((agent, i) =>
        agent.connect({ group: 'idle', url: socket.url, conns: parts[i], concurrency: config.connectConcurrency, timeoutMs: 30_000 }),
      ),
    );
  };

  // A warm-up batch first, so lazily built state (JIT, module caches, pools) is in the baseline.
  await connectSlice(specs.slice(0, warm));
  await sleep(config.settleMs);
  const before = await socket.memory();
  const rssBefore = before?.rss ?? (rssKb(socket.pid) ?? 0) * 1024;

  const connectStarted = performance.now();
  const results = await connectSlice(specs.slice(warm));
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  const connected = results.reduce((s, r) => s + r.connected, 0) - warm;
  const failed = results.reduce((s, r) => s + r.failed, 0);
  const errors: Record<string, number> = {};
  for (const r of results) for (const [code, n] of Object.entries(r.errors)) errors[code] = (errors[code] ?? 0) + n;
  log(`  ${connected} more sockets connected in ${connectSeconds.toFixed(1)} s (${failed} failed)`);

  await sleep(config.settleMs);
  const after = await socket.memory();
  const rssAfter = after?.rss ?? (rssKb(socket.pid) ?? 0) * 1024;
  const measured = Math.max(1, connected);
  const js = (m: MemoryUsageSample) => m.heapUsed + m.external + m.arrayBuffers;

  await Promise.all(agents.map((a) => a.disconnect('idle')));
  await stack.stopSocket('memory');

  return {
    connections: specs.length,
    connected: connected + warm,
    failed,
    errors,
    communities,
    channelsJoinedPerSocket: config.channelsPerCommunity,
    setupSeconds: round1(setupSeconds),
    connectSeconds: round1(connectSeconds),
    before,
    after,
    rssBeforeMb: round1(rssBefore / 1048576),
    rssAfterMb: round1(rssAfter / 1048576),
    rssPerConnKb: round1((rssAfter - rssBefore) / measured / 1024),
    heapPerConnKb: before && after ? round1((after.heapUsed - before.heapUsed) / measured / 1024) : null,
    jsPerConnKb: before && after ? round1((js(after) - js(before)) / measured / 1024) : null,
  };
}
