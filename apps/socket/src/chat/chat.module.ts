import { Module } from '@nestjs/common';
import { ApiClientModule } from '../api-client/api-client.module';
import { MetricsModule } from '../metrics/metrics.module';
import { ChatWriter } from './chat-writer';
import { chatWriterProvider } from './chat-writer.provider';
import { ChatGateway } from './chat.gateway';
import { ChatService } from './chat.service';
import { ChatsInHand } from './chats-in-hand';

@Module({
  imports: [ApiClientModule, MetricsModule],
  providers: [ChatGateway, ChatService, ChatsInHand, chatWriterProvider],
  exports: [ChatWriter, ChatsInHand],
})
export class ChatModule {}
