import { Logger, type Provider } from '@nestjs/common';
import { ApiClient } from '../api-client/api-client.service';
import { SocketConfig } from '../config/socket-config';
import { SocketMetrics } from '../metrics/socket-metrics';
import { BatchedChatWriter } from './batched-chat-writer';
import { ChatBatcher } from './chat-batcher';
import { ChatWriter } from './chat-writer';
import { NaiveChatWriter } from './naive-chat-writer';
import { RelayChatWriter } from './relay-chat-writer';

/**
 * Binds {@link ChatWriter} to the writer `CHAT_WRITE_MODE` names, once, at module setup: the
 * batched writer unless a benchmark mode is asked for, so a production process never constructs the
 * benchmark-only writers and no message pays for a mode check.
 */
export const chatWriterProvider: Provider<ChatWriter> = {
  provide: ChatWriter,
  inject: [ApiClient, SocketConfig, SocketMetrics],
  useFactory: (api: ApiClient, config: SocketConfig, metrics: SocketMetrics): ChatWriter => {
    const writer = createChatWriter(api, config, metrics);
    // The scrape reads the writer's queue and the batcher's counters; nothing is counted twice.
    metrics.watchChatWriter(writer);
    return writer;
  },
};

function createChatWriter(api: ApiClient, config: SocketConfig, metrics: SocketMetrics): ChatWriter {
  const { chatWrite } = config;
  switch (chatWrite.mode) {
    case 'batched':
      return new BatchedChatWriter(
        new ChatBatcher((commands, timeoutMs) => api.chatBatch({ commands }, timeoutMs), {
          batchMax: chatWrite.batchMax,
          maxInFlight: chatWrite.maxInFlight,
          windowMs: chatWrite.windowMs,
          queueMax: chatWrite.queueMax,
          queueMaxWaitMs: chatWrite.queueMaxWaitMs,
          timeoutMs: config.apiTimeoutMs,
          onBatch: (size) => metrics.observeBatch(size),
        }),
      );
    case 'naive':
      return new NaiveChatWriter(api);
    case 'relay':
      new Logger(ChatWriter.name).warn('CHAT_WRITE_MODE=relay: BENCHMARK ONLY, chat is neither checked nor stored');
      return new RelayChatWriter();
  }
}
