import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { MessageWriterService } from './message-writer.service';
import { MessagesController } from './messages.controller';
import { MessagesRepository } from './messages.repository';
import { MessagesService } from './messages.service';
import { ThreadsController } from './threads.controller';

@Module({
  imports: [ChannelsModule],
  controllers: [MessagesController, ThreadsController],
  providers: [MessagesService, MessageWriterService, MessagesRepository],
  exports: [MessageWriterService],
})
export class MessagesModule {}
