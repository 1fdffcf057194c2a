import { Module } from '@nestjs/common';
import { CommunitiesModule } from '../communities/communities.module';
import { UsersModule } from '../users/users.module';
import { ChannelAccessService } from './channel-access.service';
import { ChannelsController } from './channels.controller';
import { ChannelsRepository } from './channels.repository';
import { ChannelsService } from './channels.service';

@Module({
  imports: [CommunitiesModule, UsersModule],
  controllers: [ChannelsController],
  providers: [ChannelsService, ChannelAccessService, ChannelsRepository],
  exports: [ChannelAccessService],
})
export class ChannelsModule {}
