import type { InternalChatCommand, InternalChatResult } from '@app/shared';
import type { ApiClient } from '../api-client/api-client.service';
import { ChatWriter } from './chat-writer';

/**
 * BENCHMARK BASELINE (`CHAT_WRITE_MODE=naive`): one `/internal/chat-batch` request per command, the
 * write path without batching, which the benchmark compares the batched writer with.
 */
export class NaiveChatWriter extends ChatWriter {
  constructor(private readonly api: ApiClient) {
    super();
  }

  async write(command: InternalChatCommand): Promise<InternalChatResult> {
    const response = await this.api.chatBatch({ commands: [command] });
    if (!response.ok) return response;
    const { results } = response.value;
    if (results.length !== 1) {
      return { ok: false, error: { code: 'unavailable', message: `the API answered ${results.length} results for 1 command` } };
    }
    return results[0];
  }
}
