import type { FactoryProvider } from '@nestjs/common';
import type { ApiClient } from '../api-client/api-client.service';
import type { ChatWriteMode } from '../config/socket-config';
import { socketTestConfig } from '../../test/support/socket-test-config';
import { SocketMetrics } from '../metrics/socket-metrics';
import { BatchedChatWriter } from './batched-chat-writer';
import type { ChatWriter } from './chat-writer';
import { chatWriterProvider } from './chat-writer.provider';
import { NaiveChatWriter } from './naive-chat-writer';
import { RelayChatWriter } from './relay-chat-writer';

describe('chatWriterProvider', () => {
  const factory = (chatWriterProvider as FactoryProvider<ChatWriter>).useFactory;
  const api = {} as ApiClient;
  const metrics = new SocketMetrics();
  const writerFor = (mode: ChatWriteMode): ChatWriter => {
    const config = socketTestConfig();
    return factory(api, { ...config, chatWrite: { ...config.chatWrite, mode } }, metrics) as ChatWriter;
  };

  it('binds the batched writer by default, which reports batch counters', () => {
    const config = socketTestConfig();
    expect(config.chatWrite.mode).toBe('batched');
    const writer = factory(api, config, metrics) as ChatWriter;
    expect(writer).toBeInstanceOf(BatchedChatWriter);
    expect(writer.stats()).toEqual({ batches: 0, commands: 0, refused: 0, requestMs: 0, queuedMs: 0 });
  });

  it('binds a benchmark writer only when its mode is asked for', () => {
    expect(writerFor('naive')).toBeInstanceOf(NaiveChatWriter);
    expect(writerFor('naive').stats()).toBeNull();
    expect(writerFor('relay')).toBeInstanceOf(RelayChatWriter);
    expect(writerFor('relay').stats()).toBeNull();
  });
});
