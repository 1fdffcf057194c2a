import { type ChatPayload, type ErrorInfo, idSchema, parseWith, validate } from '@app/shared';
import { z } from 'zod';

/** A command that passed validation, with its position in the batch and ids in canonical (lower) case. */
export interface ValidChatCommand {
  index: number;
  userId: string;
  communityId: string;
  chat: ChatPayload;
}

const commandEnvelopeSchema = z.object({ userId: idSchema, communityId: idSchema, chat: z.unknown() });

/**
 * The API never trusts the socket app: each command is validated again with the contract's own
 * chat validator (which also trims content), and rejected alone when invalid.
 */
export function parseChatCommand(raw: unknown, index: number): { ok: true; command: ValidChatCommand } | { ok: false; error: ErrorInfo } {
  const envelope = parseWith(commandEnvelopeSchema, raw, 'chat command');
  if (!envelope.ok) return envelope;
  const chat = validate.chatPayload(envelope.value.chat);
  if (!chat.ok) return chat;
  const payload = chat.value;
  // Postgres text cannot hold NUL; caught here it fails this command alone, not its channel's transaction.
  if (payload.chatType === 'new' && payload.clientMsgId.includes('\u0000')) {
    return {
      ok: false,
      error: {
        code: 'validation_failed',
        message: 'invalid chat payload: clientMsgId: must not contain NUL',
        details: [{ path: 'clientMsgId', message: 'must not contain NUL' }],
      },
    };
  }
  let canonical: ChatPayload;
  if (payload.chatType !== 'new') {
    canonical = { ...payload, channelId: payload.channelId.toLowerCase(), messageId: payload.messageId.toLowerCase() };
  } else {
    canonical = { ...payload, channelId: payload.channelId.toLowerCase() };
    if (payload.threadRootId !== undefined) canonical.threadRootId = payload.threadRootId.toLowerCase();
  }
  return {
    ok: true,
    command: {
      index,
      userId: envelope.value.userId.toLowerCase(),
      communityId: envelope.value.communityId.toLowerCase(),
      chat: canonical,
    },
  };
}
