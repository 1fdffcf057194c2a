import { type DynamicModule, Module } from '@nestjs/common';
import { ApiClientModule } from '../api-client/api-client.module';
import { ChatModule } from '../chat/chat.module';
import type { RedisConnections } from '../cluster/redis-connections';
import { CommunityModule } from '../community/community.module';
import { HealthController } from './health.controller';
import { HEALTH_REDIS, ReadinessService } from './readiness.service';

@Module({})
export class HealthModule {
  /** `redis`: the adapter's connections when REDIS_URL is set, checked by the readiness probe. */
  static forRoot(redis?: RedisConnections): DynamicModule {
    return {
      module: HealthModule,
      imports: [ChatModule, ApiClientModule, CommunityModule],
      controllers: [HealthController],
      providers: [ReadinessService, ...(redis ? [{ provide: HEALTH_REDIS, useValue: redis }] : [])],
    };
  }
}
