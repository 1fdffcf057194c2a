import { type BeforeApplicationShutdown, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type Redis from 'ioredis';
import type { CommunityServer } from '../common/socket-types';
import { SocketConfig } from '../config/socket-config';
import { InstanceRegistry } from './instance-registry';
import { LoadSampler } from './load-sampler';
import { Rebalancer } from './rebalancer';
import { servedRoutingKeys } from './served-communities';

/** Nest token of the Redis client the announcer reports through (absent without REDIS_URL). */
export const ROUTING_REDIS = Symbol('ROUTING_REDIS');

/**
 * Announces this process to the API's routing: its node id, public URL and load, every
 * ROUTING_REPORT_INTERVAL_MS, each report alive for ROUTING_NODE_TTL_MS. A process that stops
 * reporting (crash, partition, Redis outage) drops out of routing when its last report expires;
 * one that shuts down cleanly leaves at once. Without Redis there is nobody to tell: it does nothing.
 *
 * Redis keeps nothing on disk: when it comes back empty, the first report finds its own entry gone,
 * and the process claims the communities (and users' own namespaces) it holds sockets for, so
 * routing sends newcomers where their community's members already are. After each report the
 * rebalancer may move communities away (routing/rebalancer.ts).
 */
@Injectable()
export class NodeAnnouncer implements BeforeApplicationShutdown {
  private readonly logger = new Logger(NodeAnnouncer.name);
  private registry?: InstanceRegistry;
  private sampler?: LoadSampler;
  private rebalancer?: Rebalancer;
  private io?: CommunityServer;
  private reported = false;
  private url?: string;
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private stopped = false;
  private leaving?: Promise<void>;
  private failing = false;

  constructor(
    private readonly config: SocketConfig,
    @Optional() @Inject(ROUTING_REDIS) private readonly redis?: Redis,
  ) {}

  /** Starts reporting once the server listens; the first report is in Redis when this resolves. */
  async start(io: CommunityServer, publicUrl: string): Promise<void> {
    if (!this.redis || this.registry || this.stopped) return;
    const { keyPrefix, nodeId, nodeTtlMs, instanceId, rebalance } = this.config.scaleOut;
    // Workers of one node share the node id; each reports for itself under its instance id.
    this.registry = new InstanceRegistry(this.redis, keyPrefix, instanceId, nodeTtlMs);
    this.sampler = new LoadSampler(io);
    this.rebalancer = new Rebalancer(rebalance, this.registry, io);
    this.io = io;
    this.url = publicUrl;
    this.logger.log(`announcing node ${nodeId} at ${publicUrl} (instance ${instanceId})`);
    await this.tick();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.leave();
  }

  /** Stops reporting and removes this process from routing at once (the drain's first step). Idempotent. */
  leave(): Promise<void> {
    return (this.leaving ??= this.remove());
  }

  private async remove(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    // A report still on its way would put the entry back after the removal.
    await this.inFlight;
    if (this.registry) await this.registry.remove().catch(() => undefined);
  }

  private tick(): Promise<void> {
    this.inFlight = this.report().finally(() => {
      this.inFlight = undefined;
      if (this.stopped) return;
      this.timer = setTimeout(() => void this.tick(), this.config.scaleOut.reportIntervalMs);
      this.timer.unref();
    });
    return this.inFlight;
  }

  private async report(): Promise<void> {
    if (!this.registry || !this.sampler || !this.url || !this.io) return;
    const sample = this.sampler.sample();
    const { nodeId, workerIndex } = this.config.scaleOut;
    try {
      const existed = await this.registry.report({ nodeId, url: this.url, ...sample, worker: workerIndex });
      if (this.failing) this.logger.log('load reports reach Redis again');
      this.failing = false;
      if (!existed && this.reported) await this.reclaim();
      this.reported = true;
    } catch (err) {
      if (!this.failing)
        this.logger.warn(
          `load report failed: ${err instanceof Error ? err.message : String(err)}; this node drops out of routing until reports resume`,
        );
      this.failing = true;
      return;
    }
    if (this.stopped || !this.rebalancer) return;
    await this.rebalancer.afterReport(sample).catch((err: unknown) => {
      // Nothing moved, or a move half-told: the next decision starts over from what Redis holds.
      this.logger.warn(`rebalancing failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  /** Redis lost its data (a restart): routing would send newcomers anywhere, splitting communities. */
  private async reclaim(): Promise<void> {
    const keys = servedRoutingKeys(this.io!);
    const claimed = await this.registry!.claim(keys);
    this.logger.warn(
      `this process's routing entry had vanished (Redis restarted?): claimed ${claimed} of the ${keys.length} communities and users served here`,
    );
  }
}
