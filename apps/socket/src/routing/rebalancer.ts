import { Logger } from '@nestjs/common';
import { instanceLoad } from '@app/shared';
import type { CommunityServer } from '../common/socket-types';
import type { RebalanceConfig } from '../config/socket-config';
import type { InstanceRegistry } from './instance-registry';
import type { LoadSample } from './load-sampler';
import { servedCommunities } from './served-communities';

/** A moved community's clients reconnect at random moments within this spread (no reconnect storm). */
const MOVE_SPREAD_MS = 2000;

/** After the spread, sockets still here (clients that ignore `community-moved`) are closed. */
const MOVE_GRACE_MS = 5000;

/**
 * Moves communities off this process while it stays busier than the others. Routing sends each new
 * community to the least-loaded process, but keeps a community where it is for as long as that
 * process lives; a process that got the communities that later grew would stay hot for good.
 *
 * After each load report: when this process's load has been more than `minExcess` above the
 * average of all processes for `afterReports` reports in a row, it reassigns up to `maxMoves` of
 * its communities to the least-loaded process (one atomic step each in Redis, only if the
 * community is still assigned here), the biggest first that fit in half the gap (moving more would
 * just swap the roles), and tells their sockets `community-moved`: clients ask the endpoint route
 * and reconnect within MOVE_SPREAD_MS. Then it waits another `afterReports` reports, so the next
 * decision sees the loads that the move produced. Nothing is lost meanwhile: until the last client
 * has moved, the community is split, and the Redis adapter carries its broadcasts both ways.
 */
export class Rebalancer {
  private readonly logger = new Logger(Rebalancer.name);
  private streak = 0;

  constructor(
    private readonly config: RebalanceConfig,
    private readonly registry: InstanceRegistry,
    private readonly io: CommunityServer,
  ) {}

  /** Called after each successful load report, with the sample it reported. */
  async afterReport(sample: LoadSample): Promise<void> {
    if (this.config.maxMoves === 0) return;
    const loads = await this.registry.loads();
    const others = loads.filter((l) => l.instanceId !== this.registry.instanceId);
    if (others.length === 0) return void (this.streak = 0);
    const mine = instanceLoad(sample);
    const average = (mine + others.reduce((sum, l) => sum + l.load, 0)) / (others.length + 1);
    if (mine - average <= this.config.minExcess) return void (this.streak = 0);
    if (++this.streak < this.config.afterReports) return;
    this.streak = 0;

    const target = others.reduce((least, l) => (l.load < least.load ? l : least));
    const served = servedCommunities(this.io);
    const assigned = new Set(await this.registry.assignedHere(served.map((c) => c.routingKey)));
    const candidates = served.filter((c) => assigned.has(c.routingKey)).sort((a, b) => b.nsp.sockets.size - a.nsp.sockets.size);
    // A community's share of this process's load: its share of the sockets.
    const perSocket = sample.sockets > 0 ? mine / sample.sockets : 0;
    let budget = (mine - target.load) / 2;
    const moved: string[] = [];
    for (const community of candidates) {
      if (moved.length >= this.config.maxMoves) break;
      const load = community.nsp.sockets.size * perSocket;
      if (load > budget) continue;
      if (!(await this.registry.move(community.routingKey, target.instanceId))) continue;
      budget -= load;
      moved.push(community.routingKey);
      for (const socket of community.nsp.sockets.values()) {
        const reconnectInMs = Math.floor(Math.random() * MOVE_SPREAD_MS);
        socket.emit('community-moved', { reconnectInMs });
        setTimeout(() => socket.connected && socket.disconnect(), reconnectInMs + MOVE_GRACE_MS).unref();
      }
    }
    if (moved.length > 0)
      this.logger.log(
        `load ${mine.toFixed(3)} vs average ${average.toFixed(3)}: moved ${moved.length} communities to ${target.instanceId} (${moved.join(', ')})`,
      );
  }
}
