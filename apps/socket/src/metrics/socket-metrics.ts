import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { type ChatBatchStats, type ChatType, COMMUNITY_NAMESPACE_PATTERN, DomainError } from '@app/shared';
import { createMetricsRegistry, METRIC_PREFIX } from '@app/server';
import { processPeersOf } from '../cluster/process-local-broadcasts';
import type { RedisConnections } from '../cluster/redis-connections';
import type { CommunityServer } from '../common/socket-types';
import { USER_ROOM_PREFIX } from '../user-events/user-rooms';
import { ChatOutcomes } from './chat-outcomes';

/** What the chat writer lets the scrape read: the batcher's own counters and queue. */
export interface ChatWriterSource {
  stats(): ChatBatchStats | null;
  queued(): number;
}

/**
 * The socket app's metrics. On the chat path a chat costs one array increment (ChatOutcomes) and,
 * when written, one histogram observation; a batch costs one observation. Everything else
 * (connections, namespaces, rooms, the batcher's queue and timings, Redis errors) is read from the
 * objects that already hold it when Prometheus scrapes, through `collect()`: nothing is updated per
 * event for it.
 */
@Injectable()
export class SocketMetrics {
  readonly registry: Registry = createMetricsRegistry();
  private readonly outcomes = new ChatOutcomes();
  private io?: CommunityServer;
  private redis?: RedisConnections;
  private chatWriter?: ChatWriterSource;
  /** Set in a cluster worker: the whole node's metrics come from the primary. */
  private nodeMetrics?: () => Promise<string>;

  private readonly ackLatency = new Histogram({
    name: `${METRIC_PREFIX}ack_latency_seconds`,
    help: 'Time from a chat event to its written ack (the message stored and broadcast)',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  private readonly batchSize = new Histogram({
    name: `${METRIC_PREFIX}batch_size`,
    help: 'Chats per batch request to the API (CHAT_WRITE_MODE=batched)',
    buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
    registers: [this.registry],
  });

  constructor() {
    const outcomes = this.outcomes;
    new Counter({
      name: `${METRIC_PREFIX}chats_total`,
      help: 'Chat events answered, by chat type and result (written, or the error code of the ack)',
      labelNames: ['chat_type', 'result'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const { chatType, result, count } of outcomes.snapshot()) this.inc({ chat_type: chatType, result }, count);
      },
    });
    this.gauge('batch_queue_depth', 'Chats waiting for a batch request', () => this.chatWriter?.queued() ?? 0);
    this.gauge('connections', 'Engine.IO connections of this process', () => this.io?.engine.clientsCount ?? 0);
    this.gauge('namespaces', 'Community namespaces alive in this process', () => this.countCommunityNamespaces());
    this.gauge('rooms', 'Channel rooms with at least one local socket (socket-id and user rooms not counted)', () => this.countRooms());
    this.gauge(
      'shared_namespaces',
      'Community namespaces whose broadcasts go through Redis: another process holds the community too (or that is unknown). Routing keeps it near 0; a steady rise means clients ignore the endpoint query.',
      () => this.countSharedNamespaces(),
    );
    this.counterFrom(
      'batch_request_seconds_total',
      'Time the batch requests to the API took, summed',
      () => (this.chatWriter?.stats()?.requestMs ?? 0) / 1000,
    );
    this.counterFrom(
      'batch_queued_seconds_total',
      'Time sent chats waited for their batch request to leave, summed',
      () => (this.chatWriter?.stats()?.queuedMs ?? 0) / 1000,
    );
    this.counterFrom(
      'redis_adapter_errors_total',
      'Errors of the Redis adapter connections (connection errors and failed commands)',
      () => this.redis?.errors() ?? 0,
    );
  }

  /** Called once the Socket.IO server and the adapter's Redis connections exist (bootstrap). */
  watch(io: CommunityServer, redis?: RedisConnections): void {
    this.io = io;
    this.redis = redis;
  }

  /** In a cluster worker (cluster/cluster-metrics.ts): answer the scrape for every worker of the node. */
  answerForNode(nodeMetrics: () => Promise<string>): void {
    this.nodeMetrics = nodeMetrics;
  }

  /** The text `GET /metrics` answers. */
  exposition(): Promise<string> {
    return this.nodeMetrics ? this.nodeMetrics() : this.registry.metrics();
  }

  watchChatWriter(source: ChatWriterSource): void {
    this.chatWriter = source;
  }

  /** `startedMs`: `performance.now()` when the chat event arrived. */
  chatWritten(chatType: ChatType, startedMs: number): void {
    this.outcomes.written(chatType);
    this.ackLatency.observe((performance.now() - startedMs) / 1000);
  }

  chatRefused(payload: unknown, error: unknown): void {
    this.outcomes.refused(payload, error instanceof DomainError ? error.code : 'internal_error');
  }

  observeBatch(size: number): void {
    this.batchSize.observe(size);
  }

  /** The main namespace and the users' own namespace are not communities. */
  private countCommunityNamespaces(): number {
    let count = 0;
    for (const name of this.io?._nsps.keys() ?? []) if (COMMUNITY_NAMESPACE_PATTERN.test(name)) count++;
    return count;
  }

  /** Only the classic adapter's process-local wrapper knows; without it every broadcast is published. */
  private countSharedNamespaces(): number {
    let count = 0;
    for (const [name, namespace] of this.io?._nsps ?? []) {
      if (COMMUNITY_NAMESPACE_PATTERN.test(name) && processPeersOf(namespace)?.shared) count++;
    }
    return count;
  }

  private countRooms(): number {
    let rooms = 0;
    // Every socket sits in a room named by its own id and in its user's room; the rest are channel rooms.
    for (const [name, namespace] of this.io?._nsps ?? []) {
      if (!COMMUNITY_NAMESPACE_PATTERN.test(name)) continue;
      for (const room of namespace.adapter.rooms.keys()) if (!namespace.adapter.sids.has(room) && !room.startsWith(USER_ROOM_PREFIX)) rooms++;
    }
    return rooms;
  }

  private gauge(name: string, help: string, read: () => number): void {
    new Gauge({
      name: `${METRIC_PREFIX}${name}`,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  /** A counter whose total another object keeps already. */
  private counterFrom(name: string, help: string, read: () => number): void {
    new Counter({
      name: `${METRIC_PREFIX}${name}`,
      help,
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  }
}
