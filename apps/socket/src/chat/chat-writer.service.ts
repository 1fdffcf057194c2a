import { Injectable, Logger } from '@nestjs/common';
import type { InternalChatCommand, InternalChatResult, UserSummary } from '@app/shared';
import { ApiClient } from '../api-client/api-client.service';
import { SocketConfig } from '../config/socket-config';
import { ChatBatcher, type ChatBatchStats } from './chat-batcher';
import { RelayChatWriter } from './relay-chat-writer';

/**
 * Where chat commands reach the API, per `CHAT_WRITE_MODE`: coalesced into shared
 * `/internal/chat-batch` requests (`batched`, the default), one request each (`naive`), or not at
 * all (`relay`, benchmark only). Callers are the same in every mode: each gets its own result.
 */
@Injectable()
export class ChatWriter {
  private readonly batcher?: ChatBatcher;
  private readonly relay?: RelayChatWriter;

  constructor(
    private readonly api: ApiClient,
    config: SocketConfig,
  ) {
    const { chatWrite } = config;
    if (chatWrite.mode === 'batched') {
      this.batcher = new ChatBatcher((commands, timeoutMs) => this.api.chatBatch({ commands }, timeoutMs), {
        batchMax: chatWrite.batchMax,
        maxInFlight: chatWrite.maxInFlight,
        windowMs: chatWrite.windowMs,
        queueMax: chatWrite.queueMax,
        queueMaxWaitMs: chatWrite.queueMaxWaitMs,
        timeoutMs: config.apiTimeoutMs,
      });
    } else if (chatWrite.mode === 'relay') {
      this.relay = new RelayChatWriter();
      new Logger(ChatWriter.name).warn('CHAT_WRITE_MODE=relay: BENCHMARK ONLY, chat is neither checked nor stored');
    }
  }

  /** The batcher's counters; null in the modes that do not batch. */
  stats(): ChatBatchStats | null {
    return this.batcher?.stats ?? null;
  }

  async write(command: InternalChatCommand, author: UserSummary): Promise<InternalChatResult> {
    if (this.batcher) return this.batcher.write(command);
    if (this.relay) return this.relay.write(command, author);
    const response = await this.api.chatBatch({ commands: [command] });
    if (!response.ok) return response;
    const { results } = response.value;
    if (results.length !== 1) {
      return { ok: false, error: { code: 'unavailable', message: `the API answered ${results.length} results for 1 command` } };
    }
    return results[0];
  }
}
