import { randomUUID } from 'node:crypto';
import type { InternalChatCommand, InternalChatResult, UserSummary } from '@app/shared';
import { ChatWriter } from './chat-writer';

/**
 * BENCHMARK ONLY (`CHAT_WRITE_MODE=relay`): answers a `new` chat with a message made up here, as if
 * stored, without the API or the database. No right is checked and nothing is kept but a per-channel
 * counter: it measures what the socket layer alone can relay, the ceiling the real write path is
 * compared with. Edits are refused, since there is nothing to edit.
 */
export class RelayChatWriter extends ChatWriter {
  private readonly seqs = new Map<string, number>();

  write(command: InternalChatCommand, author: UserSummary): Promise<InternalChatResult> {
    return Promise.resolve(this.answer(command, author));
  }

  private answer(command: InternalChatCommand, author: UserSummary): InternalChatResult {
    const { chat } = command;
    if (chat.chatType !== 'new') {
      return { ok: false, error: { code: 'unavailable', message: 'relay mode (benchmark only) stores nothing to modify or delete' } };
    }
    const seq = (this.seqs.get(chat.channelId) ?? 0) + 1;
    this.seqs.set(chat.channelId, seq);
    return {
      ok: true,
      message: {
        id: randomUUID(),
        communityId: command.communityId,
        channelId: chat.channelId,
        seq,
        author,
        content: chat.content,
        clientMsgId: chat.clientMsgId,
        createdAt: new Date().toISOString(),
        editedAt: null,
        deletedAt: null,
      },
    };
  }
}
