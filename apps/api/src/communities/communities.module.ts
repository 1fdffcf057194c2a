import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { CommunitiesController } from './communities.controller';
import { CommunitiesService } from './communities.service';
import { CommunityAccessService } from './community-access.service';
import { CommunitiesRepository } from './communities.repository';

@Module({
  imports: [UsersModule],
  controllers: [CommunitiesController],
  providers: [CommunitiesService, CommunityAccessService, CommunitiesRepository],
  exports: [CommunityAccessService],
})
export class CommunitiesModule {}
