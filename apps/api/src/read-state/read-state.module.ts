import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { ReadStateController } from './read-state.controller';
import { ReadStateService } from './read-state.service';

@Module({
  imports: [ChannelsModule],
  controllers: [ReadStateController],
  providers: [ReadStateService],
  exports: [ReadStateService],
})
export class ReadStateModule {}
