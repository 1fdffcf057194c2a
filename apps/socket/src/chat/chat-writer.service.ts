import { Injectable } from '@nestjs/common';
import type { InternalChatCommand, InternalChatResult } from '@app/shared';
import { ApiClient } from '../api-client/api-client.service';

/**
 * Where chat commands reach the API. Today each write is a batch of one; this is the seam where
 * many writes arriving within a short window can share one `/internal/chat-batch` request, with
 * callers unchanged: each still gets the result of its own command.
 */
@Injectable()
export class ChatWriter {
  constructor(private readonly api: ApiClient) {}

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
