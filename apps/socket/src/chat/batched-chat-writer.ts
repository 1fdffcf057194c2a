import type { ChatBatchStats, InternalChatCommand, InternalChatResult } from '@app/shared';
import type { ChatBatcher } from './chat-batcher';
import { ChatWriter } from './chat-writer';

/** The production writer (`CHAT_WRITE_MODE=batched`, the default): commands coalesced into shared `/internal/chat-batch` requests. */
export class BatchedChatWriter extends ChatWriter {
  constructor(private readonly batcher: ChatBatcher) {
    super();
  }

  write(command: InternalChatCommand): Promise<InternalChatResult> {
    return this.batcher.write(command);
  }

  override stats(): ChatBatchStats {
    return this.batcher.stats;
  }

  override drain(): Promise<void> {
    return this.batcher.drain();
  }

  override queued(): number {
    return this.batcher.queued;
  }
}
