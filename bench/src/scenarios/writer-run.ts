import { INTERNAL_ROUTES, type InternalChatBatchResponse, type InternalChatCommand } from '@app/shared';
import type { WriterRunConfig } from '../bench-config';
import { LatencyHistogram, type LatencySummaryMs } from '../lib/histogram';
import type { PostgresProcesses } from '../lib/postgres-pids';
import { ProcessSampler } from '../lib/proc-stats';
import { RestClient } from '../lib/rest-client';
import { buildTopology, type BenchCommunity } from '../setup/topology';
import type { BenchStack } from '../stack/bench-stack';

export interface WriterRunReport {
  batchSize: number;
  channels: number;
  batches: number;
  messagesPerSec: number;
  /** One batch request, sent to its answer. */
  batch: LatencySummaryMs;
  /** CPU per stored message in µs of one core: the API process and Postgres (all its processes). */
  cpuUsPerMessage: { api: number; postgres: number };
}

/**
 * The write path alone: chat batches posted straight to the API's `/internal/chat-batch`, one at a
 * time, as the socket app's batcher sends them under load, each message from a random member to a
 * random channel. No sockets and no fan-out, so the API's and Postgres's CPU per stored message
 * stand out of the noise the chat run's load generators make; this is how a change to the writer is
 * compared with the code before it (run both, alternating).
 */
export async function runWriter(args: {
  stack: BenchStack;
  api: RestClient;
  config: WriterRunConfig;
  tag: string;
  setupConcurrency: number;
  postgres: PostgresProcesses;
  log: (line: string) => void;
}): Promise<WriterRunReport | null> {
  const { stack, api, config, log } = args;
  if (!stack.internalToken || !stack.internalUrl) {
    log("  writer run skipped: the API's internal listener or token is unknown (with --target: internal=URL and INTERNAL_TOKEN)");
    return null;
  }
  // The chat batches go where the socket app sends them: the API's internal listener.
  const internal = new RestClient(stack.internalUrl, 4);
  const topology = await buildTopology(api, {
    tag: args.tag,
    communities: config.communities,
    channelsPerCommunity: config.channelsPerCommunity,
    membersPerCommunity: config.membersPerCommunity,
    concurrency: args.setupConcurrency,
  });
  let sent = 0;
  const post = async () => {
    const commands = Array.from({ length: config.batchSize }, () => randomChat(topology, `${args.tag}-${++sent}`));
    const started = performance.now();
    const answer = await internal.json<InternalChatBatchResponse>('POST', INTERNAL_ROUTES.chatBatch, stack.internalToken, { commands });
    const failed = answer.results.find((r) => !r.ok);
    if (failed && !failed.ok) throw new Error(`the writer run's batch failed: ${failed.error.code} ${failed.error.message}`);
    return performance.now() - started;
  };
  for (let i = 0; i < config.warmupBatches; i++) await post();
  // The API's pool may have opened connections since the list was last read (every second).
  await args.postgres.refresh();

  // Per process, not a sum over the list at each end: a pooled connection that closes meanwhile
  // (idle ones do) would otherwise take its whole past CPU out of the difference.
  const sampler = new ProcessSampler(
    [
      { name: 'api', pids: () => (stack.apiPid > 0 ? [stack.apiPid] : []), memory: 'rss' },
      { name: 'postgres', pids: () => args.postgres.pids(), memory: 'pss' },
    ],
    1000,
  );
  const histogram = new LatencyHistogram();
  sampler.start();
  const started = performance.now();
  let batches = 0;
  while (performance.now() - started < config.measureMs) {
    histogram.recordMs(await post());
    batches++;
  }
  const seconds = (performance.now() - started) / 1000;
  const usage = sampler.stop();
  internal.close();
  const messages = batches * config.batchSize;
  const perMessage = (cpu: number) => Math.round((cpu / messages) * 1e7) / 10;
  return {
    batchSize: config.batchSize,
    channels: topology.reduce((n, c) => n + c.channels.length, 0),
    batches,
    messagesPerSec: Math.round(messages / seconds),
    batch: histogram.summaryMs(),
    cpuUsPerMessage: { api: perMessage(usage.api.cpuSeconds), postgres: perMessage(usage.postgres.cpuSeconds) },
  };
}

/** The text of every message the writer run sends, after its clientMsgId. */
export const WRITER_CHAT_TEXT = 'a message about as long as a chat line';

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

function randomChat(topology: BenchCommunity[], clientMsgId: string): InternalChatCommand {
  const community = pick(topology);
  return {
    userId: pick(community.members).id,
    communityId: community.id,
    chat: { chatType: 'new', channelId: pick(community.channels), clientMsgId, content: `${clientMsgId}: ${WRITER_CHAT_TEXT}` },
  };
}
