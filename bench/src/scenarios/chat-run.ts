import type { ChatBatchStats, EndpointResponse, SocketHealthResponse } from '@app/shared';
import Redis from 'ioredis';
import { LatencyHistogram, type LatencySummaryMs } from '../lib/histogram';
import { isShortOfDeliveries, SHORT_DELIVERY_RATIO } from '../report/short-deliveries';
import type { PostgresProcesses } from '../lib/postgres-pids';
import { ProcessSampler, cpuSeconds, type ProcessGroupUsage } from '../lib/proc-stats';
import type { RestClient } from '../lib/rest-client';
import type { AgentHandle } from '../load/agent-pool';
import type { ConnSpec, StepResult, StepSpec } from '../load/load-protocol';
import { buildTopology, createUsersGrid, type BenchCommunity } from '../setup/topology';
import type { BenchStack, ModeSpec, RunningSocket } from '../stack/bench-stack';
import type { ChatRunConfig } from '../bench-config';
import { processGroups } from './process-groups';

export interface ChatStepReport {
  mode: string;
  kind: 'open' | 'closed';
  /** Offered msgs/s (open loop) or null (closed loop). */
  offered: number | null;
  window: number | null;
  measureSeconds: number;
  sent: number;
  ackedPerSec: number;
  ack: LatencySummaryMs;
  deliveredPerSec: number;
  /** Deliveries seen / (acked × (members − 1)): 1.0 when every other member got every message. */
  deliveryRatio: number;
  /** Receptions of a message a socket had already received (0: every delivery exactly once); null when not checked (one node). */
  duplicates: number | null;
  /** Redis PUBLISH commands per acked message over the window; null without Redis. */
  redisPublishesPerMsg: number | null;
  /** Socket nodes of the mode, and how members were placed on them. */
  nodes: number;
  placement: 'routed' | 'spread' | 'single';
  delivery: LatencySummaryMs;
  errors: Record<string, number>;
  disconnects: number;
  /** p99 of how late the load generators emitted against the schedule (their own saturation). */
  sendLagP99Ms: number;
  /**
   * The socket app's batcher over the measured window (from its GET /health counters): requests to
   * the API, commands per request, chats refused by admission control, and the mean time a request
   * took and a chat waited for its request to leave (together most of shipped's ack latency). Null
   * when the mode does not batch.
   */
  batches: { perSec: number; avgSize: number; refused: number; avgRequestMs: number; avgQueuedMs: number } | null;
  processes: Record<string, ProcessGroupUsage>;
}

export interface ChatRunReport {
  topology: { communities: number; channelsPerCommunity: number; membersPerCommunity: number; socketsPerMode: number };
  setupSeconds: number;
  steps: ChatStepReport[];
  /** Modes that stopped climbing the open-loop ladder, and at which offered rate. */
  saturated: Record<string, number>;
}

interface ModeState {
  mode: ModeSpec;
  socket?: RunningSocket;
  topology: BenchCommunity[];
  conns: ConnSpec[][];
  saturatedAt?: number;
}

type StepDef = { kind: 'open'; rate: number } | { kind: 'closed'; window: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The batchers' counters of every node, added up; null when one has none or does not answer. */
async function batchCounters(socket: RunningSocket): Promise<ChatBatchStats | null> {
  const all = await Promise.all(socket.nodes.map((node) => nodeBatchCounters(node.url)));
  if (all.some((c) => c === null)) return null;
  return (all as ChatBatchStats[]).reduce((sum, c) => {
    const out = { ...sum };
    for (const key of Object.keys(c) as (keyof ChatBatchStats)[])
      if (typeof c[key] === 'number') (out[key] as number) = (sum[key] as number) + (c[key] as number);
    return out;
  });
}

/** Redis's count of PUBLISH commands since it started. */
async function publishCount(redis: Redis | undefined): Promise<number | null> {
  if (!redis) return null;
  const stats = await redis.info('commandstats');
  return Number(/cmdstat_publish:calls=(\d+)/.exec(stats)?.[1] ?? 0);
}

async function nodeBatchCounters(socketUrl: string): Promise<ChatBatchStats | null> {
  try {
    const res = await fetch(`${socketUrl}/health`, { signal: AbortSignal.timeout(2000) });
    const body = (await res.json()) as SocketHealthResponse;
    return body.chat ?? null;
  } catch {
    return null;
  }
}

/** Waits until the servers stop burning CPU (a backlog left by an overloaded step), at most `maxMs`. */
async function settle(pids: number[], maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const before = pids.map((p) => cpuSeconds(p) ?? 0);
    await sleep(300);
    const used = pids.reduce((sum, p, i) => sum + ((cpuSeconds(p) ?? 0) - before[i]), 0);
    if (used / 0.3 < 0.15) return;
  }
}

export async function runChat(args: {
  stack: BenchStack;
  api: RestClient;
  agents: AgentHandle[];
  config: ChatRunConfig;
  modes: ModeSpec[];
  tag: string;
  setupConcurrency: number;
  redis: boolean;
  /** Where the bench reads Redis's command counters (publishes per message); unset without Redis. */
  redisUrl?: string;
  postgres: PostgresProcesses;
  log: (line: string) => void;
}): Promise<ChatRunReport> {
  const redis = args.redisUrl ? new Redis(args.redisUrl, { maxRetriesPerRequest: 1 }) : undefined;
  try {
    return await runChatWith(args, redis);
  } finally {
    redis?.disconnect();
  }
}

async function runChatWith(args: Parameters<typeof runChat>[0], redis: Redis | undefined): Promise<ChatRunReport> {
  const { stack, api, agents, config, log } = args;
  const setupStarted = performance.now();
  const users = await createUsersGrid(api, `${args.tag}`, config.communities, config.membersPerCommunity, args.setupConcurrency);
  const states: ModeState[] = [];
  for (const [i, mode] of args.modes.entries()) {
    const topology: BenchCommunity[] = await buildTopology(api, {
      tag: `${args.tag}m${i}`,
      communities: config.communities,
      channelsPerCommunity: config.channelsPerCommunity,
      membersPerCommunity: config.membersPerCommunity,
      concurrency: args.setupConcurrency,
      users,
    });
    // Spread every community's members over the agents, so each agent both sends and receives.
    states.push({ mode, topology, conns: [] });
  }
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  log(
    `chat topology ready in ${setupSeconds.toFixed(1)} s: ${config.communities} communities x ${config.channelsPerCommunity} channels x ${config.membersPerCommunity} members, per mode`,
  );

  /** The API's and the mode's socket nodes' pids, for waiting until they are idle. */
  const serverPids = (state: ModeState) => [stack.apiPid, ...(state.socket?.nodes.map((n) => n.pid) ?? [])].filter((p) => p > 0);

  const connectMode = async (state: ModeState) => {
    state.socket = await stack.startSocket(state.mode);
    state.conns = await placeMembers(state, api, agents.length);
    const results = await Promise.all(
      agents.map((agent, i) =>
        agent.connect({
          group: state.mode.name,
          url: state.socket!.url,
          conns: state.conns[i],
          checkDuplicates: state.socket!.nodes.length > 1,
          concurrency: 50,
          timeoutMs: 20_000,
        }),
      ),
    );
    const connected = results.reduce((s, r) => s + r.connected, 0);
    const failed = results.reduce((s, r) => s + r.failed, 0);
    const errors = Object.assign({}, ...results.map((r) => r.errors)) as Record<string, number>;
    log(`  ${state.mode.name}: ${connected} sockets connected, ${failed} failed ${failed ? JSON.stringify(errors) : ''}`);
    if (connected === 0) throw new Error(`no socket could connect to the ${state.mode.name} socket app: ${JSON.stringify(errors)}`);
    // Unrecorded priming, one message in flight per socket: JIT, the API pool and Postgres plans are
    // warm before the first measured step, so the first mode is not penalised for going first.
    const startAt = Date.now() + 100;
    await Promise.all(
      agents.map((agent) =>
        agent.step({
          group: state.mode.name,
          kind: 'closed',
          window: 1,
          rate: 0,
          startAt,
          warmupMs: 0,
          measureMs: config.primeMs,
          drainMs: config.drainMs,
          ackTimeoutMs: config.ackTimeoutMs,
          contentChars: config.contentChars,
        }),
      ),
    );
    await settle(serverPids(state), 10_000);
  };
  const disconnectMode = async (state: ModeState) => {
    await Promise.all(agents.map((a) => a.disconnect(state.mode.name)));
    await stack.stopSocket(state.mode.name);
  };

  const stepDefs: StepDef[] = [
    ...config.openRates.map((rate) => ({ kind: 'open' as const, rate })),
    ...(config.closedWindow > 0 ? [{ kind: 'closed' as const, window: config.closedWindow }] : []),
  ];
  const steps: ChatStepReport[] = [];

  const runOne = async (state: ModeState, def: StepDef) => {
    if (def.kind === 'open' && state.saturatedAt !== undefined) return;
    const report = await runStep(state, def);
    steps.push(report);
    const ackLine = `acked ${report.ackedPerSec.toFixed(0)}/s ack p50 ${report.ack.p50} p99 ${report.ack.p99} ms, delivery p99 ${report.delivery.p99} ms`;
    const cpu = Object.entries(report.processes)
      .map(([name, u]) => `${name} ${u.cpuPct}%`)
      .join(' ');
    const details =
      (report.batches
        ? ` | batches ${report.batches.perSec}/s x ${report.batches.avgSize} in ${report.batches.avgRequestMs} ms (queued ${report.batches.avgQueuedMs} ms), refused ${report.batches.refused}`
        : '') + (Object.keys(report.errors).length ? ` errors ${JSON.stringify(report.errors)}` : '');
    log(
      `  ${state.mode.name.padEnd(8)} ${def.kind === 'open' ? `open ${def.rate}/s` : `closed w=${def.window}`}: ${ackLine} | cpu ${cpu}${details}`,
    );
    if (isShortOfDeliveries(report)) {
      log(
        `  WARNING ${state.mode.name}: ${report.deliveryRatio} of the expected deliveries arrived in the window (below ${SHORT_DELIVERY_RATIO}): members are missing messages`,
      );
    }
    if (def.kind === 'open' && (report.ackedPerSec < def.rate * config.saturationAckedRatio || report.ack.p99 > config.saturationP99Ms)) {
      state.saturatedAt = def.rate;
      log(`  ${state.mode.name} saturated at ${def.rate}/s: higher open-loop rates skipped`);
    }
    await settle(serverPids(state), 20_000);
  };

  const runStep = async (state: ModeState, def: StepDef): Promise<ChatStepReport> => {
    const totalConns = state.conns.reduce((s, c) => s + c.length, 0);
    const startAt = Date.now() + 300;
    const base: Omit<StepSpec, 'rate'> = {
      group: state.mode.name,
      kind: def.kind,
      window: def.kind === 'closed' ? def.window : 0,
      startAt,
      warmupMs: config.warmupMs,
      measureMs: config.measureMs,
      drainMs: config.drainMs,
      ackTimeoutMs: config.ackTimeoutMs,
      contentChars: config.contentChars,
    };
    const sampler = new ProcessSampler(
      processGroups({
        socketPids: state.socket!.nodes.map((n) => n.pid),
        apiPid: stack.apiPid,
        agents,
        redis: args.redis,
        postgres: args.postgres,
      }),
    );
    const windowStart = startAt + config.warmupMs;
    let countersAtStart: Promise<ChatBatchStats | null> = Promise.resolve(null);
    let countersAtEnd: Promise<ChatBatchStats | null> = Promise.resolve(null);
    let publishesAtStart: Promise<number | null> = Promise.resolve(null);
    let publishesAtEnd: Promise<number | null> = Promise.resolve(null);
    const samplerStart = setTimeout(() => {
      sampler.start();
      countersAtStart = batchCounters(state.socket!);
      publishesAtStart = publishCount(redis);
    }, windowStart - Date.now());
    let usage: Record<string, ProcessGroupUsage> | undefined;
    const samplerStop = setTimeout(
      () => {
        usage = sampler.stop();
        countersAtEnd = batchCounters(state.socket!);
        publishesAtEnd = publishCount(redis);
      },
      windowStart + config.measureMs - Date.now(),
    );
    let results: StepResult[];
    try {
      results = await Promise.all(
        agents.map((agent, i) => agent.step({ ...base, rate: def.kind === 'open' ? (def.rate * state.conns[i].length) / totalConns : 0 })),
      );
    } finally {
      clearTimeout(samplerStart);
      clearTimeout(samplerStop);
    }
    // The agents may answer a hair before the window's timer fires.
    if (!usage) {
      usage = sampler.stop();
      countersAtEnd = batchCounters(state.socket!);
      publishesAtEnd = publishCount(redis);
    }
    const [pubStart, pubEnd] = await Promise.all([publishesAtStart, publishesAtEnd]);
    const seconds = config.measureMs / 1000;
    const [start, end] = await Promise.all([countersAtStart, countersAtEnd]);
    const batchCount = start && end ? end.batches - start.batches : 0;
    const batches =
      start && end
        ? {
            perSec: Math.round(batchCount / seconds),
            avgSize: batchCount > 0 ? Math.round(((end.commands - start.commands) / batchCount) * 10) / 10 : 0,
            refused: end.refused - start.refused,
            avgRequestMs: batchCount > 0 ? Math.round(((end.requestMs - start.requestMs) / batchCount) * 10) / 10 : 0,
            avgQueuedMs:
              end.commands > start.commands ? Math.round(((end.queuedMs - start.queuedMs) / (end.commands - start.commands)) * 10) / 10 : 0,
          }
        : null;
    const acked = results.reduce((s, r) => s + r.ackedInWindow, 0);
    const delivered = results.reduce((s, r) => s + r.deliveredInWindow, 0);
    const errors: Record<string, number> = {};
    for (const r of results) for (const [code, n] of Object.entries(r.errors)) errors[code] = (errors[code] ?? 0) + n;
    return {
      mode: state.mode.name,
      kind: def.kind,
      offered: def.kind === 'open' ? def.rate : null,
      window: def.kind === 'closed' ? def.window : null,
      measureSeconds: seconds,
      sent: results.reduce((s, r) => s + r.sentInWindow, 0),
      ackedPerSec: Math.round(acked / seconds),
      ack: LatencyHistogram.from(results.map((r) => r.ack)).summaryMs(),
      deliveredPerSec: Math.round(delivered / seconds),
      deliveryRatio: acked > 0 ? Math.round((delivered / (acked * (config.membersPerCommunity - 1))) * 1000) / 1000 : 0,
      duplicates: state.socket!.nodes.length > 1 ? results.reduce((s, r) => s + r.duplicates, 0) : null,
      redisPublishesPerMsg: pubStart !== null && pubEnd !== null && acked > 0 ? Math.round(((pubEnd - pubStart) / acked) * 1000) / 1000 : null,
      nodes: state.socket!.nodes.length,
      placement: state.socket!.nodes.length > 1 ? (state.mode.placement ?? 'routed') : 'single',
      delivery: LatencyHistogram.from(results.map((r) => r.delivery)).summaryMs(),
      errors,
      disconnects: results.reduce((s, r) => s + r.disconnects, 0),
      sendLagP99Ms: LatencyHistogram.from(results.map((r) => r.sendLag)).summaryMs().p99,
      batches,
      processes: usage,
    };
  };

  if (stack.parallelSockets) {
    // Every mode's socket app up at once, the steps interleaved: noise from the rest of the machine
    // falls on all modes alike.
    for (const state of states) await connectMode(state);
    for (const def of stepDefs) for (const state of states) await runOne(state, def);
    for (const state of states) await disconnectMode(state);
  } else {
    // Socket apps sharing one Redis adapter would see each other's broadcasts: one at a time.
    for (const state of states) {
      await connectMode(state);
      for (const def of stepDefs) await runOne(state, def);
      await disconnectMode(state);
    }
  }

  const saturated: Record<string, number> = {};
  for (const s of states) if (s.saturatedAt !== undefined) saturated[s.mode.name] = s.saturatedAt;
  return {
    topology: {
      communities: config.communities,
      channelsPerCommunity: config.channelsPerCommunity,
      membersPerCommunity: config.membersPerCommunity,
      socketsPerMode: config.communities * config.membersPerCommunity,
    },
    setupSeconds: Math.round(setupSeconds * 10) / 10,
    steps,
    saturated,
  };
}

/**
 * Which node each member connects to, spread over the load agents. One node: the mode's URL. Several:
 * `routed` asks the endpoint route per community (as clients do) and uses its URL and query;
 * `spread` deals members round-robin over the nodes, whatever their community.
 */
async function placeMembers(state: ModeState, api: RestClient, agentCount: number): Promise<ConnSpec[][]> {
  const nodes = state.socket!.nodes;
  const placement = state.mode.placement ?? 'routed';
  const conns: ConnSpec[][] = Array.from({ length: agentCount }, () => []);
  let n = 0;
  for (const community of state.topology) {
    const owner = community.members[0]!;
    const endpoint =
      nodes.length > 1 && placement === 'routed'
        ? await api.json<EndpointResponse>('GET', `/api/communities/${community.id}/endpoint`, owner.token)
        : undefined;
    for (const member of community.members) {
      const node = nodes.length > 1 ? (endpoint ? { url: endpoint.url, query: endpoint.query } : { url: nodes[n % nodes.length]!.url }) : {};
      conns[n++ % agentCount]!.push({
        token: member.token,
        namespace: community.namespace,
        channels: community.channels,
        sender: true,
        ...node,
      });
    }
  }
  return conns;
}
