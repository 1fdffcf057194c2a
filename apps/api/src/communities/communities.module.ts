import { Module } from '@nestjs/common';
import { ChannelsRepository } from '../channels/channels.repository';
import { UsersModule } from '../users/users.module';
import { CommunitiesController } from './communities.controller';
import { CommunitiesService } from './communities.service';
import { CommunityAccessService } from './community-access.service';
import { CommunitiesRepository } from './communities.repository';

@Module({
  imports: [UsersModule],
  controllers: [CommunitiesController],
  // ChannelsRepository is stateless SQL: the default channel is joined here without a module cycle.
  providers: [CommunitiesService, CommunityAccessService, CommunitiesRepository, ChannelsRepository],
  exports: [CommunityAccessService],
})
export class CommunitiesModule {}
