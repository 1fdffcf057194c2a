import { type DynamicModule, Module } from '@nestjs/common';
import { appLoggerModule } from '@app/server';
import { ChatModule } from './chat/chat.module';
import type { SocketAdapterHandle } from './cluster/socket-adapter.factory';
import { CommunityModule } from './community/community.module';
import { SocketConfigModule } from './config/socket-config.module';
import type { SocketConfig } from './config/socket-config';
import { HealthModule } from './health/health.module';
import { MembershipModule } from './membership/membership.module';
import { MetricsModule } from './metrics/metrics.module';
import { PresenceModule } from './presence/presence.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { ReactionsModule } from './reactions/reactions.module';
import { ReadStateModule } from './read-state/read-state.module';
import { RoutingModule } from './routing/routing.module';

@Module({})
export class SocketAppModule {
  /** `socketAdapter`: the adapter made before the app (see bootstrap); its Redis client carries the load reports. */
  static forRoot(config: SocketConfig, socketAdapter?: SocketAdapterHandle): DynamicModule {
    return {
      module: SocketAppModule,
      imports: [
        SocketConfigModule.forRoot(config),
        // No request lines: the HTTP routes here are probes and metrics; chat does not travel over HTTP.
        appLoggerModule({ level: config.logLevel, format: config.logFormat }),
        RateLimitModule.forRoot(socketAdapter?.redis?.pub),
        CommunityModule,
        ChatModule,
        MembershipModule,
        ReadStateModule,
        ReactionsModule,
        PresenceModule,
        HealthModule.forRoot(socketAdapter?.redis),
        MetricsModule,
        RoutingModule.forRoot(socketAdapter?.redis?.pub),
      ],
    };
  }
}
