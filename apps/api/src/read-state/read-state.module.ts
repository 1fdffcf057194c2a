import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { ReadStateController } from './read-state.controller';
import { ReadStateRepository } from './read-state.repository';
import { ReadStateService } from './read-state.service';

@Module({
  imports: [ChannelsModule],
  controllers: [ReadStateController],
  providers: [ReadStateService, ReadStateRepository],
  exports: [ReadStateService],
})
export class ReadStateModule {}
