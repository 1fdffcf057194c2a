import { z } from 'zod';
import { ERROR_CODES, type ErrorBody, type ErrorInfo, type ValidationIssue } from '../contract/error-codes';
import type { Attachment, Message, ReactionCount, ThreadSummary, UserSummary } from '../contract/message';
import type {
  ChannelDetails,
  ChannelListItem,
  ChannelMembersResponse,
  ChannelMembership,
  ChannelSummary,
  CommunityMembership,
  CommunityRole,
  CommunitySummary,
  ConversationKind,
  DirectConversation,
  DirectConversationList,
  EndpointResponse,
  HistoryPage,
  LeaveChannelResponse,
  LoginResponse,
  MeResponse,
  MyCommunity,
  OpenDirectConversationResponse,
  ReadMarkerResponse,
  RemoveCommunityMemberResponse,
  SearchHit,
  SearchResponse,
  SnippetPart,
  ThreadPage,
  UnreadEntry,
} from '../contract/rest';
import { idSchema } from '../validation/schemas';
import type { AllTrue, Exact } from './exact';

/*
 * What the servers answer, as zod schemas: the interfaces in ../contract stay the source the code is
 * typed with; these exist so that the machine-readable documents (src/docs) can describe answers too.
 * Each is checked against its interface in both directions at the bottom of the file.
 */

const seq = z.number().int().min(0);

/** What the servers write (`Date#toISOString`); `format` rather than zod's ISO check, whose long pattern says no more. */
const timestamp = z.string().meta({ format: 'date-time', description: 'ISO-8601, UTC.' });

export const validationIssueSchema = z.object({ path: z.string(), message: z.string() });

export const errorInfoSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.array(validationIssueSchema).optional().meta({ description: 'Field-level reasons, for `validation_failed`.' }),
});

export const errorBodySchema = z.object({ error: errorInfoSchema }).meta({ description: 'The one error body of every REST route.' });

export const userSummarySchema = z.object({ id: idSchema, username: z.string() });

export const threadSummarySchema = z.object({
  replyCount: seq.meta({ description: 'Replies not deleted.' }),
  lastReplyAt: timestamp,
  participants: z.array(userSummarySchema).meta({ description: 'The latest distinct repliers, newest first, at most 3.' }),
});

export const reactionCountSchema = z.object({
  emoji: z.string(),
  count: z.number().int().min(1),
  me: z.boolean().meta({ description: 'Whether the reader of this page reacted with it.' }),
});

export const attachmentSchema = z.object({
  id: idSchema,
  name: z.string(),
  size: z.number().int().min(0),
  contentType: z.string(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  thumbnail: z.literal(true).optional().meta({ description: 'A thumbnail is at `GET /api/files/{id}/thumbnail`.' }),
});

/** A file download: its bytes, with the file's own Content-Type. */
export const fileBytesSchema = z.string().meta({ format: 'binary', description: "The file's bytes, with its own Content-Type." });

export const messageSchema = z
  .object({
    id: idSchema,
    communityId: idSchema,
    channelId: idSchema,
    seq: seq.min(1).meta({ description: 'Per channel, from 1, contiguous: a gap means a missed message.' }),
    author: userSummarySchema,
    content: z.string().meta({ description: 'Empty once deleted.' }),
    clientMsgId: z.string(),
    createdAt: timestamp,
    editedAt: timestamp.nullable(),
    deletedAt: timestamp.nullable(),
    threadRootId: idSchema.optional().meta({ description: 'Addition: on a thread reply, its root (a message of the same channel).' }),
    thread: threadSummarySchema.optional().meta({ description: 'Addition: on a thread root that has had replies, its summary.' }),
    reactions: z
      .array(reactionCountSchema)
      .optional()
      .meta({ description: 'Addition, history pages only: counts per emoji, oldest emoji first. Absent when none.' }),
    mentions: z
      .array(idSchema)
      .optional()
      .meta({ description: 'Addition: the community members named as `@username`, found by the server. Absent when none.' }),
    mentionsChannel: z.literal(true).optional().meta({ description: 'Addition: the content says `@channel` or `@here`. Absent otherwise.' }),
    attachments: z.array(attachmentSchema).optional().meta({ description: 'Addition: files attached, in the order given. Absent when none.' }),
  })
  .meta({ description: 'A stored chat message as every client sees it.' });

export const loginResponseSchema = z.object({ token: z.string().meta({ description: 'HS256 JWT, `sub` = user id.' }), user: userSummarySchema });

const communityRoleSchema = z.enum(['owner', 'admin', 'member']) satisfies z.ZodType<CommunityRole>;

export const communitySummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  namespace: z.string().meta({ description: 'The Socket.IO namespace of the community, `/socket/commu-<id>`.' }),
});

export const myCommunitySchema = communitySummarySchema.extend({
  role: communityRoleSchema,
  defaultChannelId: idSchema.nullable().meta({ description: 'Addition: the channel every new member joins (#town-square).' }),
});

export const meResponseSchema = z.object({ user: userSummarySchema, communities: z.array(myCommunitySchema) });

export const communityMembershipSchema = z.object({ communityId: idSchema, userId: idSchema, role: communityRoleSchema });

export const channelSummarySchema = z.object({ id: idSchema, communityId: idSchema, name: z.string(), private: z.boolean() });

export const channelMembershipSchema = z.object({ channelId: idSchema, userId: idSchema });

export const channelListItemSchema = z.object({
  id: idSchema,
  name: z.string(),
  private: z.boolean(),
  isMember: z.boolean(),
  lastSeq: seq,
  lastReadSeq: seq,
  unread: seq,
  mentions: seq.meta({ description: 'Addition: unread messages that mention the caller; 0 where not a member.' }),
  topic: z.string().optional().meta({ description: 'Addition: the channel topic, present when one is set.' }),
});

export const channelDetailsSchema = channelSummarySchema.extend({ topic: z.string().meta({ description: 'Empty when none is set.' }) });

export const channelMembersResponseSchema = z.object({ members: z.array(userSummarySchema) });

export const leaveChannelResponseSchema = z.object({ left: z.boolean().meta({ description: 'False when the caller was not in the channel.' }) });

export const channelListSchema = z
  .array(channelListItemSchema)
  .meta({ description: 'All public channels and the private ones the caller belongs to.' });

export const historyPageSchema = z
  .object({ messages: z.array(messageSchema), hasMore: z.boolean() })
  .meta({ description: 'Ascending by `seq`.' });

export const threadPageSchema = z
  .object({
    root: messageSchema.meta({ description: 'The root as stored now (emptied if deleted: its thread stays readable).' }),
    messages: z.array(messageSchema),
    hasMore: z.boolean(),
  })
  .meta({ description: 'One page of a thread: replies ascending by `seq`, paged like channel history.' });

export const readMarkerResponseSchema = z.object({ lastReadSeq: seq });

const conversationKindSchema = z.enum(['channel', 'dm']) satisfies z.ZodType<ConversationKind>;

export const unreadEntrySchema = z.object({
  communityId: idSchema,
  channelId: idSchema,
  lastSeq: seq,
  lastReadSeq: seq,
  unread: seq,
  mentions: seq.meta({ description: 'Addition: unread messages that mention the caller; in a direct conversation, every unread one.' }),
  kind: conversationKindSchema.meta({ description: 'Addition: a channel, or a direct conversation.' }),
});

export const directConversationSchema = z
  .object({
    id: idSchema,
    communityId: idSchema,
    members: z.array(userSummarySchema).meta({ description: 'Everyone in it, the caller included, by username.' }),
    lastSeq: seq,
    lastReadSeq: seq,
    unread: seq,
    mentions: seq.meta({ description: 'Every unread message of a direct conversation counts as a mention.' }),
    lastMessageAt: timestamp.nullable(),
  })
  .meta({ description: 'Addition: a direct conversation; a channel of kind `dm` for history, `chat`, `join` and read markers.' });

export const openDirectConversationResponseSchema = z.object({
  conversation: directConversationSchema,
  created: z.boolean().meta({ description: 'False when the same people had one already.' }),
});

export const directConversationListSchema = z.object({
  conversations: z.array(directConversationSchema).meta({ description: 'Latest activity first.' }),
});

export const snippetPartSchema = z.object({
  text: z.string(),
  match: z.literal(true).optional().meta({ description: 'Set on the words the search found.' }),
});

export const searchHitSchema = z.object({
  message: messageSchema,
  channelName: z.string().meta({ description: 'Empty for a direct conversation.' }),
  kind: conversationKindSchema,
  snippet: z.array(snippetPartSchema).meta({ description: 'Plain text in parts; render it escaped.' }),
});

export const searchResponseSchema = z.object({
  hits: z.array(searchHitSchema).meta({ description: 'Newest first.' }),
  nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next (older) page; null at the end.' }),
});

export const removeCommunityMemberResponseSchema = z.object({
  removed: z.boolean().meta({ description: 'False when the user was not a member.' }),
});

export const unreadListSchema = z.array(unreadEntrySchema).meta({ description: 'One entry per channel the caller belongs to.' });

export const endpointResponseSchema = z.object({
  url: z.string().meta({ description: 'The `http(s)://host:port` of the socket node serving the community.' }),
  namespace: z.string(),
  query: z
    .object({
      node: z.string().meta({ description: 'The socket node id; a reverse proxy routes on it.' }),
      worker: z.string().optional().meta({ description: "The worker's index on a clustered node; its primary routes on it." }),
    })
    .optional()
    .meta({
      description:
        "Addition: pass as Socket.IO's `query` option, so a proxy and a clustered node hand the connection to the process serving the community. Optional for clients: any process serves any community correctly.",
    }),
  leaseMs: z.number().int().nonnegative().optional().meta({
    description:
      "Addition: how long, at most, the named process keeps this assignment if it stops reporting (its routing entry's remaining life). A client that lost its connection can ask again just after it: the route then names a live process. Absent on a single-node setup.",
  }),
});

/** Does not compile when a schema and its interface disagree. */
type _SchemasMatchContract = AllTrue<
  [
    Exact<z.output<typeof validationIssueSchema>, ValidationIssue>,
    Exact<z.output<typeof errorInfoSchema>, ErrorInfo>,
    Exact<z.output<typeof errorBodySchema>, ErrorBody>,
    Exact<z.output<typeof userSummarySchema>, UserSummary>,
    Exact<z.output<typeof threadSummarySchema>, ThreadSummary>,
    Exact<z.output<typeof reactionCountSchema>, ReactionCount>,
    Exact<z.output<typeof messageSchema>, Message>,
    Exact<z.output<typeof attachmentSchema>, Attachment>,
    Exact<z.output<typeof threadPageSchema>, ThreadPage>,
    Exact<z.output<typeof loginResponseSchema>, LoginResponse>,
    Exact<z.output<typeof communitySummarySchema>, CommunitySummary>,
    Exact<z.output<typeof myCommunitySchema>, MyCommunity>,
    Exact<z.output<typeof meResponseSchema>, MeResponse>,
    Exact<z.output<typeof communityMembershipSchema>, CommunityMembership>,
    Exact<z.output<typeof channelSummarySchema>, ChannelSummary>,
    Exact<z.output<typeof channelMembershipSchema>, ChannelMembership>,
    Exact<z.output<typeof channelListItemSchema>, ChannelListItem>,
    Exact<z.output<typeof channelDetailsSchema>, ChannelDetails>,
    Exact<z.output<typeof channelMembersResponseSchema>, ChannelMembersResponse>,
    Exact<z.output<typeof leaveChannelResponseSchema>, LeaveChannelResponse>,
    Exact<z.output<typeof historyPageSchema>, HistoryPage>,
    Exact<z.output<typeof readMarkerResponseSchema>, ReadMarkerResponse>,
    Exact<z.output<typeof unreadEntrySchema>, UnreadEntry>,
    Exact<z.output<typeof endpointResponseSchema>, EndpointResponse>,
    Exact<z.output<typeof directConversationSchema>, DirectConversation>,
    Exact<z.output<typeof openDirectConversationResponseSchema>, OpenDirectConversationResponse>,
    Exact<z.output<typeof directConversationListSchema>, DirectConversationList>,
    Exact<z.output<typeof removeCommunityMemberResponseSchema>, RemoveCommunityMemberResponse>,
    Exact<z.output<typeof snippetPartSchema>, SnippetPart>,
    Exact<z.output<typeof searchHitSchema>, SearchHit>,
    Exact<z.output<typeof searchResponseSchema>, SearchResponse>,
  ]
>;
