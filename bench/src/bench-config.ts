import { CHAT_MODES, type ModeSpec } from './stack/bench-stack';

export interface ChatRunConfig {
  /** K communities of M channels; each community's C members belong to all of its channels. */
  communities: number;
  channelsPerCommunity: number;
  membersPerCommunity: number;
  /** Open-loop steps: total offered messages per second, ascending. */
  openRates: number[];
  /** Closed-loop step: messages in flight per sending socket; 0 = no closed-loop step. */
  closedWindow: number;
  /** Unrecorded closed-loop traffic right after a mode's sockets connect. */
  primeMs: number;
  warmupMs: number;
  measureMs: number;
  drainMs: number;
  ackTimeoutMs: number;
  contentChars: number;
  /** Forked load-generator processes; 0 = inline in the bench process. */
  agents: number;
  /** A mode stops climbing the open-loop ladder after a step acks less than this share of the offer... */
  saturationAckedRatio: number;
  /** ...or has an ack p99 above this. */
  saturationP99Ms: number;
}

export interface MemoryRunConfig {
  connections: number;
  connectionsPerCommunity: number;
  channelsPerCommunity: number;
  agents: number;
  /** Sockets each agent opens at once. */
  connectConcurrency: number;
  settleMs: number;
}

export interface ReadRunConfig {
  /** Channels the reader belongs to; all the seeded messages are in them. */
  channels: number;
  messagesPerChannel: number;
  unreadRequests: number;
  historyRequests: number;
}

export interface WriterRunConfig {
  /** Authors and channels the batches' messages are spread over. */
  communities: number;
  channelsPerCommunity: number;
  membersPerCommunity: number;
  /** Chats per batch request (the socket app's batches at the closed-loop peak: 300-400). */
  batchSize: number;
  warmupBatches: number;
  measureMs: number;
}

export interface BenchConfig {
  preset: string;
  modes: ModeSpec[];
  chat: ChatRunConfig | null;
  /** The write path alone, batches posted straight to the API. */
  writer: WriterRunConfig | null;
  memory: MemoryRunConfig | null;
  read: ReadRunConfig | null;
  setupConcurrency: number;
}

const smoke: BenchConfig = {
  preset: 'smoke',
  modes: CHAT_MODES,
  setupConcurrency: 8,
  chat: {
    communities: 2,
    channelsPerCommunity: 2,
    membersPerCommunity: 3,
    openRates: [100],
    closedWindow: 1,
    primeMs: 200,
    warmupMs: 100,
    measureMs: 700,
    drainMs: 2000,
    ackTimeoutMs: 5000,
    contentChars: 80,
    agents: 1,
    saturationAckedRatio: 0.8,
    saturationP99Ms: 2000,
  },
  writer: { communities: 2, channelsPerCommunity: 2, membersPerCommunity: 3, batchSize: 20, warmupBatches: 2, measureMs: 500 },
  memory: { connections: 60, connectionsPerCommunity: 20, channelsPerCommunity: 1, agents: 1, connectConcurrency: 20, settleMs: 300 },
  read: { channels: 20, messagesPerChannel: 500, unreadRequests: 50, historyRequests: 30 },
};

const quick: BenchConfig = {
  preset: 'quick',
  modes: CHAT_MODES,
  setupConcurrency: 16,
  chat: {
    ...smoke.chat!,
    communities: 10,
    channelsPerCommunity: 5,
    membersPerCommunity: 10,
    openRates: [2000, 5000, 10000],
    closedWindow: 4,
    primeMs: 1000,
    warmupMs: 1000,
    measureMs: 3000,
    drainMs: 5000,
    ackTimeoutMs: 10_000,
    agents: 2,
  },
  writer: { communities: 10, channelsPerCommunity: 5, membersPerCommunity: 10, batchSize: 360, warmupBatches: 20, measureMs: 5000 },
  memory: { connections: 1000, connectionsPerCommunity: 100, channelsPerCommunity: 2, agents: 2, connectConcurrency: 50, settleMs: 2000 },
  read: { channels: 200, messagesPerChannel: 1000, unreadRequests: 300, historyRequests: 150 },
};

const full: BenchConfig = {
  preset: 'full',
  modes: CHAT_MODES,
  setupConcurrency: 24,
  chat: {
    ...quick.chat!,
    communities: 20,
    openRates: [1000, 2500, 5000, 7500, 10000, 12500, 15000],
    warmupMs: 2000,
    measureMs: 10_000,
    drainMs: 10_000,
  },
  writer: { communities: 20, channelsPerCommunity: 5, membersPerCommunity: 10, batchSize: 360, warmupBatches: 50, measureMs: 15_000 },
  memory: { connections: 10_000, connectionsPerCommunity: 100, channelsPerCommunity: 2, agents: 4, connectConcurrency: 25, settleMs: 5000 },
  read: { channels: 200, messagesPerChannel: 5000, unreadRequests: 1000, historyRequests: 600 },
};

export const PRESETS: Record<string, BenchConfig> = { smoke, quick, full };
