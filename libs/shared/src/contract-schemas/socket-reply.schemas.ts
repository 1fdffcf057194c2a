import { z } from 'zod';
import { ERROR_CODES, type ErrorInfo } from '../contract/error-codes';
import type {
  ChannelMembershipEvent,
  ChatAck,
  ClientToServerEvents,
  CommunityMembershipEvent,
  JoinAck,
  LeaveAck,
  ReactAck,
  ReactionBroadcast,
  ReadAck,
  ReadMarkerEvent,
  ServerDraining,
  SessionExpired,
  ThreadUpdate,
  TypingBroadcast,
} from '../contract/socket-events';
import { idSchema } from '../validation/schemas';
import type { AllTrue, Exact } from './exact';
import { errorInfoSchema, messageSchema, threadSummarySchema, userSummarySchema } from './rest-response.schemas';

/* What the socket server answers (acks) and broadcasts, for the AsyncAPI document; checked against the contract's types below. */

export const chatAckSchema = z
  .union([z.object({ written: z.literal(true), chatInfo: messageSchema }), z.object({ written: z.literal(false), error: errorInfoSchema })])
  .meta({ description: '`chatInfo` is the stored message (for `delete`: with empty content and `deletedAt` set).' });

export const joinAckSchema = z.object({
  joined: z.array(idSchema),
  rejected: z.array(z.object({ channelId: z.string(), code: z.enum(ERROR_CODES) })),
  error: errorInfoSchema.optional().meta({ description: 'Present when the payload itself was refused.' }),
});

export const leaveAckSchema = z.object({ left: z.array(idSchema), error: errorInfoSchema.optional() });

export const readAckSchema = z.union([z.object({ lastReadSeq: z.number().int().min(0) }), z.object({ error: errorInfoSchema })]);

export const typingAckSchema = z.union([z.object({ ok: z.literal(true) }), z.object({ error: errorInfoSchema })]);

export const typingBroadcastSchema = z.object({ channelId: idSchema, user: userSummarySchema });

export const reactionBroadcastSchema = z.object({
  channelId: idSchema,
  messageId: idSchema,
  emoji: z.string(),
  user: userSummarySchema,
  action: z.enum(['add', 'remove']),
  count: z.number().int().min(0).meta({ description: 'How many users react with this emoji now (absolute).' }),
});

export const reactAckSchema = z
  .union([
    z.object({ ok: z.literal(true), changed: z.boolean(), reaction: reactionBroadcastSchema }),
    z.object({ ok: z.literal(false), error: errorInfoSchema }),
  ])
  .meta({ description: 'Idempotent: adding twice or removing what is not there answers ok with `changed: false` (and broadcasts nothing).' });

export const threadUpdateSchema = z.object({ channelId: idSchema, rootId: idSchema, thread: threadSummarySchema });

export const sessionExpiredSchema = z.object({ code: z.literal('unauthorized'), message: z.string() });

export const serverDrainingSchema = z.object({
  reconnectInMs: z.number().int().min(0).meta({ description: 'Wait about this long before connecting again (through the endpoint route).' }),
});

export const communityMembershipEventSchema = z.object({
  communityId: idSchema,
  member: z.boolean().meta({ description: 'True: added; false: removed.' }),
});

export const channelMembershipEventSchema = z.object({
  communityId: idSchema,
  channelId: idSchema,
  kind: z.enum(['channel', 'dm']),
  member: z.boolean().meta({ description: 'True: added; false: removed.' }),
});

export const readMarkerEventSchema = z.object({ communityId: idSchema, channelId: idSchema, lastReadSeq: z.number().int().min(0) });

type AckOf<E extends keyof ClientToServerEvents> = Parameters<NonNullable<Parameters<ClientToServerEvents[E]>[1]>>[0];

/** Does not compile when a schema and its contract type disagree. */
type _SchemasMatchContract = AllTrue<
  [
    Exact<z.output<typeof chatAckSchema>, ChatAck>,
    Exact<z.output<typeof joinAckSchema>, JoinAck>,
    Exact<z.output<typeof leaveAckSchema>, LeaveAck>,
    Exact<z.output<typeof readAckSchema>, ReadAck>,
    Exact<z.output<typeof typingAckSchema>, AckOf<'typing'>>,
    Exact<z.output<typeof typingBroadcastSchema>, TypingBroadcast>,
    Exact<z.output<typeof reactionBroadcastSchema>, ReactionBroadcast>,
    Exact<z.output<typeof reactAckSchema>, ReactAck>,
    Exact<z.output<typeof threadUpdateSchema>, ThreadUpdate>,
    Exact<z.output<typeof sessionExpiredSchema>, SessionExpired>,
    Exact<z.output<typeof serverDrainingSchema>, ServerDraining>,
    Exact<z.output<typeof errorInfoSchema>, ErrorInfo>,
    Exact<z.output<typeof communityMembershipEventSchema>, CommunityMembershipEvent>,
    Exact<z.output<typeof channelMembershipEventSchema>, ChannelMembershipEvent>,
    Exact<z.output<typeof readMarkerEventSchema>, ReadMarkerEvent>,
  ]
>;
