import { Module } from '@nestjs/common';
import { CommunitiesModule } from '../communities/communities.module';
import { ApiConfig } from '../config/api-config';
import { PersonalEndpointController } from './personal-endpoint.controller';
import { RedisRoutingService } from './redis-routing.service';
import { RoutingController } from './routing.controller';
import { RoutingService } from './routing.service';
import { SingleNodeRoutingService } from './single-node-routing.service';

/** With REDIS_URL: routing across the socket nodes announced in Redis; without: the one SOCKET_ENDPOINT_URL. */
@Module({
  imports: [CommunitiesModule],
  controllers: [RoutingController, PersonalEndpointController],
  providers: [
    {
      provide: RoutingService,
      useFactory: (config: ApiConfig): RoutingService =>
        config.REDIS_URL ? new RedisRoutingService(config) : new SingleNodeRoutingService(config),
      inject: [ApiConfig],
    },
  ],
  exports: [RoutingService],
})
export class RoutingModule {}
