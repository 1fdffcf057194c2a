import type { EndpointQuery } from '@app/shared';
import type { SerializedHistogram } from '../lib/histogram';

/** One socket a load agent opens: a user in one community namespace, joined to some channels. */
export interface ConnSpec {
  token: string;
  namespace: string;
  /** Channels to join; a sender picks one of them at random for every message. */
  channels: string[];
  /** Whether this socket sends in chat steps (every socket receives). */
  sender: boolean;
  /** The node to connect to, when not the request's `url` (a cluster: where routing placed the member). */
  url?: string;
  /** Socket.IO `query` (the endpoint route's, naming node and worker). */
  query?: EndpointQuery;
}

export interface ConnectRequest {
  /** A name for this set of sockets: a mode in the chat run, `idle` in the memory run. */
  group: string;
  url: string;
  conns: ConnSpec[];
  /**
   * Count duplicate deliveries (a Set of message ids per socket and step). Costs the load agents
   * about a sixth more CPU at 70k deliveries/s, which on a small machine the servers pay for: only
   * where a message can travel two ways (several nodes).
   */
  checkDuplicates?: boolean;
  /** Sockets opening at once; the rest wait, so that a 10k ramp does not stampede the handshake. */
  concurrency: number;
  timeoutMs: number;
}

export interface ConnectResult {
  connected: number;
  joinedChannels: number;
  failed: number;
  errors: Record<string, number>;
  ms: number;
}

export interface StepSpec {
  group: string;
  kind: 'open' | 'closed';
  /** open loop: messages per second this agent offers, spread over its senders. */
  rate: number;
  /** closed loop: messages in flight per sending socket. */
  window: number;
  /** Epoch ms at which sending starts; all agents use the same. */
  startAt: number;
  warmupMs: number;
  measureMs: number;
  /** After sending stops: how long to wait for outstanding acks. */
  drainMs: number;
  ackTimeoutMs: number;
  /** Characters of content (a real message is tens to hundreds). */
  contentChars: number;
}

export interface StepResult {
  /** Messages emitted in the whole step / inside the measurement window. */
  sent: number;
  sentInWindow: number;
  /** `written: true` acks that arrived inside the window (throughput). */
  ackedInWindow: number;
  /** Ack latency of messages sent inside the window, from intended send time (open loop). */
  ack: SerializedHistogram;
  /** `new-chat` receptions inside the window, and their latency from the sender's send time. */
  deliveredInWindow: number;
  /** Receptions inside the window of a message the same socket had already received. */
  duplicates: number;
  delivery: SerializedHistogram;
  /** Of messages sent in the window: failures by code (`ack_timeout`, `no_ack` included). */
  errors: Record<string, number>;
  /** How late the agent emitted against the open-loop schedule: its own saturation. */
  sendLag: SerializedHistogram;
  disconnects: number;
}

export type AgentCall =
  { method: 'connect'; args: ConnectRequest } | { method: 'step'; args: StepSpec } | { method: 'disconnect'; args: { group: string } };

export type AgentRequest = AgentCall & { id: number };
export type AgentResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
