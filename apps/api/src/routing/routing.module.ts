import { Module } from '@nestjs/common';
import { CommunitiesModule } from '../communities/communities.module';
import { RoutingController } from './routing.controller';
import { RoutingService } from './routing.service';
import { SingleNodeRoutingService } from './single-node-routing.service';

@Module({
  imports: [CommunitiesModule],
  controllers: [RoutingController],
  providers: [{ provide: RoutingService, useClass: SingleNodeRoutingService }],
  exports: [RoutingService],
})
export class RoutingModule {}
