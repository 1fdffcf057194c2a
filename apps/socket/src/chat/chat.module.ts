import { Module } from '@nestjs/common';
import { ApiClientModule } from '../api-client/api-client.module';
import { MetricsModule } from '../metrics/metrics.module';
import { ChatWriter } from './chat-writer';
import { chatWriterProvider } from './chat-writer.provider';
import { ChatGateway } from './chat.gateway';
import { ChatService } from './chat.service';

@Module({
  imports: [ApiClientModule, MetricsModule],
  providers: [ChatGateway, ChatService, chatWriterProvider],
  exports: [ChatWriter],
})
export class ChatModule {}
