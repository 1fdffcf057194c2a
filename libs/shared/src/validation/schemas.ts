import { z } from 'zod';
import { LIMITS } from '../contract/limits';
import type {
  ChannelsPayload,
  ChatPayload,
  DeleteChatPayload,
  ModifyChatPayload,
  NewChatPayload,
  ReactPayload,
  ReadPayload,
  TypingPayload,
} from '../contract/socket-events';
import type { OpenDirectConversationBody } from '../contract/rest';
import { isKnownEmoji } from './emoji';
import { parseSearchText } from '../text/search-text';

// Both cases spelled out rather than an `i` flag: JSON Schema patterns carry no flags, so the generated documents would be stricter than this.
const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

export const idSchema = z.string().regex(UUID_PATTERN, 'must be a UUID');

/**
 * A string of whole Unicode characters. A lone UTF-16 surrogate ("\ud800") survives JSON but not
 * Postgres's UTF-8: the driver stores U+FFFD instead, so the stored text differs from what was sent
 * and an idempotency key stops matching its own retry. Refused at the door instead.
 */
const LONE_SURROGATE = /\p{Cs}/u;

function wellFormedString() {
  return z.string().refine((s) => !LONE_SURROGATE.test(s), 'must be well-formed Unicode (no lone surrogates)');
}

/**
 * Trimmed, then `min`..max characters, no control characters other than newlines and tabs (none at
 * all when `oneLine`).
 */
function trimmedText(max: number, { min = 1, oneLine = false }: { min?: number; oneLine?: boolean } = {}) {
  // eslint-disable-next-line no-control-regex -- matching control characters is this check's purpose
  const control = oneLine ? /[\u0000-\u001F\u007F]/ : /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
  return (
    wellFormedString()
      .transform((s) => s.trim())
      .pipe(
        z
          .string()
          .min(min, 'must not be empty')
          .max(max, `must be at most ${max} characters`)
          .refine((s) => !control.test(s), 'must not contain control characters'),
      )
      // For the generated documents: JSON Schema cannot say "trimmed, then", so the rule is told in words.
      .meta({
        description: `Trimmed of surrounding whitespace, then ${min}-${max} characters, ${
          oneLine ? 'one line, without control characters' : 'without control characters other than tab and newline'
        }.`,
      })
  );
}

export const contentSchema = trimmedText(LIMITS.contentMaxChars);

export const clientMsgIdSchema = wellFormedString()
  .min(1, 'must not be empty')
  .max(LIMITS.clientMsgIdMaxChars, `must be at most ${LIMITS.clientMsgIdMaxChars} characters`);

const seqSchema = z.number().int('must be an integer').min(0).max(Number.MAX_SAFE_INTEGER);

// ---- REST bodies and queries ----

export const usernameSchema = z.string().regex(LIMITS.usernamePattern, 'must be 1-32 of [a-zA-Z0-9_.-]');

export const loginBodySchema = z.strictObject({ username: usernameSchema });

export const createCommunityBodySchema = z.strictObject({
  name: trimmedText(LIMITS.communityNameMaxChars),
});

export const addMemberBodySchema = z.strictObject({ userId: idSchema });

/** The caller may be named too; duplicates count once. The total, caller included, is checked by the API. */
export const openDirectConversationBodySchema = z.strictObject({
  userIds: z.array(idSchema).min(1, 'name at least one person').max(LIMITS.dmMembersMax),
}) satisfies z.ZodType<OpenDirectConversationBody>;

export const createChannelBodySchema = z.strictObject({
  name: trimmedText(LIMITS.channelNameMaxChars),
  private: z.boolean().optional(),
});

export const readBodySchema = z.strictObject({ seq: seqSchema });

/** A topic may be cleared (empty), and is one line. */
export const updateChannelBodySchema = z.strictObject({
  topic: trimmedText(LIMITS.channelTopicMaxChars, { min: 0, oneLine: true }),
});

/** Query strings arrive as strings: numbers are parsed strictly (no "12abc"). */
const querySeq = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a non-negative integer')
  .transform(Number)
  .meta({ description: 'An exclusive seq bound.' });

export const historyQuerySchema = z
  .strictObject({
    before: querySeq.optional(),
    after: querySeq.optional(),
    around: querySeq
      .meta({ description: 'Addition: a page centred on this seq (it included), for jumping to a search hit; not with before/after.' })
      .optional(),
    limit: z
      .string()
      .regex(/^\d{1,4}$/, 'must be an integer')
      .transform(Number)
      .pipe(z.number().min(1, 'must be at least 1').max(LIMITS.historyMaxLimit, `must be at most ${LIMITS.historyMaxLimit}`))
      .meta({ description: `1-${LIMITS.historyMaxLimit}, default ${LIMITS.historyDefaultLimit}.` })
      .optional(),
  })
  .refine((q) => q.around === undefined || (q.before === undefined && q.after === undefined), {
    message: 'around cannot be combined with before or after',
    path: ['around'],
  })
  .transform((q) => ({ before: q.before, after: q.after, around: q.around, limit: q.limit ?? LIMITS.historyDefaultLimit }));

export type HistoryQuery = z.output<typeof historyQuerySchema>;

/** A date or date-time in ISO-8601 (`2026-12-05` or `2026-12-05T10:00:00Z`). */
const queryDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/, 'must be an ISO-8601 date or date-time')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a real date')
  .meta({ description: 'ISO-8601 date or date-time.' });

/** `GET /api/communities/:id/search`: the text is taken apart here (see parseSearchText), so a search that cannot match is a 400. */
export const searchQuerySchema = z
  .strictObject({
    q: trimmedText(LIMITS.searchQueryMaxChars, { oneLine: true }).meta({
      description: 'Words (each also matches as a prefix), "quoted phrases" and -excluded words.',
    }),
    channelId: idSchema.optional().meta({ description: 'Only this channel or direct conversation.' }),
    authorId: idSchema.optional().meta({ description: 'Only messages by this user.' }),
    after: queryDate.optional().meta({ description: 'Only messages written at or after this time.' }),
    before: queryDate.optional().meta({ description: 'Only messages written before this time.' }),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a cursor from an earlier answer')
      .optional()
      .meta({ description: 'The `nextCursor` of the previous page.' }),
    limit: z
      .string()
      .regex(/^\d{1,4}$/, 'must be an integer')
      .transform(Number)
      .pipe(z.number().min(1, 'must be at least 1').max(LIMITS.searchMaxLimit, `must be at most ${LIMITS.searchMaxLimit}`))
      .meta({ description: `1-${LIMITS.searchMaxLimit}, default ${LIMITS.searchDefaultLimit}.` })
      .optional(),
  })
  .transform((q, ctx) => {
    const parsed = parseSearchText(q.q);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', path: ['q'], message: parsed.reason });
      return z.NEVER;
    }
    return {
      text: q.q,
      terms: parsed.parsed,
      channelId: q.channelId?.toLowerCase(),
      authorId: q.authorId?.toLowerCase(),
      after: q.after === undefined ? undefined : new Date(q.after),
      before: q.before === undefined ? undefined : new Date(q.before),
      cursor: q.cursor,
      limit: q.limit ?? LIMITS.searchDefaultLimit,
    };
  });

export type SearchQuery = z.output<typeof searchQuerySchema>;

// ---- Socket payloads ----

export const newChatSchema = z.strictObject({
  chatType: z.literal('new'),
  channelId: idSchema,
  content: contentSchema,
  clientMsgId: clientMsgIdSchema,
  threadRootId: idSchema.optional(),
  attachments: z
    .array(idSchema)
    .min(1, 'leave it out rather than empty')
    .max(LIMITS.attachmentsPerMessageMax)
    .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, 'must not repeat a file')
    .optional(),
}) satisfies z.ZodType<NewChatPayload>;

export const modifyChatSchema = z.strictObject({
  chatType: z.literal('modify'),
  channelId: idSchema,
  messageId: idSchema,
  content: contentSchema,
}) satisfies z.ZodType<ModifyChatPayload>;

export const deleteChatSchema = z.strictObject({
  chatType: z.literal('delete'),
  channelId: idSchema,
  messageId: idSchema,
}) satisfies z.ZodType<DeleteChatPayload>;

export const chatPayloadSchema: z.ZodType<ChatPayload> = z.discriminatedUnion('chatType', [newChatSchema, modifyChatSchema, deleteChatSchema], {
  error: 'chatType must be one of "new", "modify", "delete"',
});

export const channelsPayloadSchema = z.strictObject({
  channels: z
    .array(idSchema)
    .min(1, 'must name at least one channel')
    .max(LIMITS.channelsPerJoinMax, `must name at most ${LIMITS.channelsPerJoinMax} channels`),
}) satisfies z.ZodType<ChannelsPayload>;

export const readPayloadSchema = z.strictObject({
  channelId: idSchema,
  seq: seqSchema,
}) satisfies z.ZodType<ReadPayload>;

export const emojiSchema = z
  .string()
  .max(LIMITS.emojiMaxChars, `must be at most ${LIMITS.emojiMaxChars} characters`)
  .refine(isKnownEmoji, 'must be one emoji of the Unicode emoji set')
  .meta({ description: 'One emoji as Unicode text (e.g. 👍), from the Unicode emoji set (emojibase list, skin tones included).' });

export const reactPayloadSchema = z.strictObject({
  channelId: idSchema,
  messageId: idSchema,
  emoji: emojiSchema,
  action: z.enum(['add', 'remove'], { error: 'action must be "add" or "remove"' }),
}) satisfies z.ZodType<ReactPayload>;

export const typingPayloadSchema = z.strictObject({ channelId: idSchema }) satisfies z.ZodType<TypingPayload>;
