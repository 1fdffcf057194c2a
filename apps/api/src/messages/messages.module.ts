import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { MessageWriterService } from './message-writer.service';
import { MessagesController } from './messages.controller';
import { MessagesRepository } from './messages.repository';
import { MessagesService } from './messages.service';
import { ReactionsModule } from '../reactions/reactions.module';
import { ThreadsController } from './threads.controller';

@Module({
  imports: [ChannelsModule, ReactionsModule],
  controllers: [MessagesController, ThreadsController],
  providers: [MessagesService, MessageWriterService, MessagesRepository],
  exports: [MessageWriterService],
})
export class MessagesModule {}
