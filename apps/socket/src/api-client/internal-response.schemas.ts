import {
  ERROR_CODES,
  type InternalChannelAccessResponse,
  type InternalChatBatchResponse,
  type InternalCommunityAccessResponse,
  type InternalReactionResponse,
  type InternalReadResponse,
} from '@app/shared';
import { z } from 'zod';

/**
 * Shapes the API's internal answers must have. Loose objects: the API may add fields, which pass
 * through to clients untouched; only what the socket app relies on is checked.
 */
export const errorInfoSchema = z.looseObject({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

const messageSchema = z.looseObject({
  id: z.string(),
  communityId: z.string(),
  channelId: z.string(),
  seq: z.number().int(),
  author: z.looseObject({ id: z.string(), username: z.string() }),
  content: z.string(),
  clientMsgId: z.string(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
});

const failure = z.object({ ok: z.literal(false), error: errorInfoSchema });

const userSchema = z.looseObject({ id: z.string(), username: z.string() });

const threadUpdateSchema = z.looseObject({
  channelId: z.string(),
  rootId: z.string(),
  thread: z.looseObject({ replyCount: z.number().int(), lastReplyAt: z.string(), participants: z.array(userSchema) }),
});

export const chatBatchResponseSchema = z.looseObject({
  results: z.array(z.union([z.object({ ok: z.literal(true), message: messageSchema, thread: threadUpdateSchema.optional() }), failure])),
}) satisfies z.ZodType<InternalChatBatchResponse>;

export const reactionResponseSchema = z.union([
  z.object({
    ok: z.literal(true),
    changed: z.boolean(),
    reaction: z.looseObject({
      channelId: z.string(),
      messageId: z.string(),
      emoji: z.string(),
      user: userSchema,
      action: z.enum(['add', 'remove']),
      count: z.number().int(),
    }),
  }),
  failure,
]) satisfies z.ZodType<InternalReactionResponse>;

export const communityAccessResponseSchema = z.union([
  z.object({ ok: z.literal(true), user: z.looseObject({ id: z.string(), username: z.string() }) }),
  failure,
]) satisfies z.ZodType<InternalCommunityAccessResponse>;

export const channelAccessResponseSchema = z.looseObject({
  allowed: z.array(z.string()),
  rejected: z.array(z.object({ channelId: z.string(), code: z.enum(ERROR_CODES) })),
}) satisfies z.ZodType<InternalChannelAccessResponse>;

export const readResponseSchema = z.union([
  z.object({ ok: z.literal(true), lastReadSeq: z.number().int() }),
  failure,
]) satisfies z.ZodType<InternalReadResponse>;

/** The `{ error: { code, message } }` body of an HTTP failure. */
export const errorBodySchema = z.object({ error: errorInfoSchema });
