import type { ChatBatchStats, InternalChatCommand, InternalChatResult, UserSummary } from '@app/shared';

/**
 * Where a chat command goes to be stored, and the DI token for it. One implementation is bound per
 * process at module setup, from `CHAT_WRITE_MODE` (see `chat-writer.provider.ts`), so the hot path
 * never asks which mode it runs in. Callers are the same in every mode: each gets its own result.
 */
export abstract class ChatWriter {
  abstract write(command: InternalChatCommand, author: UserSummary): Promise<InternalChatResult>;

  /** The batcher's counters; null for the writers that do not batch. */
  stats(): ChatBatchStats | null {
    return null;
  }

  /** Shutdown: resolves once every chat written so far has its answer. The unbatched writers hold nothing back. */
  drain(): Promise<void> {
    return Promise.resolve();
  }

  /** Chats waiting for a batch request; 0 for the writers that do not batch. */
  queued(): number {
    return 0;
  }
}
