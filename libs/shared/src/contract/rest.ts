import type { Message, UserSummary } from './message';

export type CommunityRole = 'owner' | 'admin' | 'member';

export interface LoginResponse {
  token: string;
  user: UserSummary;
}

export interface CommunitySummary {
  id: string;
  name: string;
  namespace: string;
}

export interface MyCommunity extends CommunitySummary {
  role: CommunityRole;
  /** Addition: the channel every new member joins (#town-square), null only if it was removed. */
  defaultChannelId: string | null;
}

export interface MeResponse {
  user: UserSummary;
  communities: MyCommunity[];
}

/** `POST /api/communities/:id/members`: the user's membership after the call. */
export interface CommunityMembership {
  communityId: string;
  userId: string;
  role: CommunityRole;
}

export interface ChannelSummary {
  id: string;
  communityId: string;
  name: string;
  private: boolean;
}

/** `POST /api/channels/:id/join` and `/members`: the membership after the call. */
export interface ChannelMembership {
  channelId: string;
  userId: string;
}

export interface ChannelListItem {
  id: string;
  name: string;
  private: boolean;
  isMember: boolean;
  lastSeq: number;
  lastReadSeq: number;
  unread: number;
  /** Addition: unread messages that mention the caller (`@username`, `@channel`, `@here`); 0 where not a member. */
  mentions: number;
  /** Addition: the channel's topic, present when one is set. */
  topic?: string;
}

/** Addition: `PATCH /api/channels/:id` answers the channel as it is now. */
export interface ChannelDetails extends ChannelSummary {
  /** Empty when none is set. */
  topic: string;
}

/** Addition: `GET /api/channels/:id/members`, ordered by username, at most LIMITS.channelMembersListed. */
export interface ChannelMembersResponse {
  members: UserSummary[];
}

/** Addition: `POST /api/channels/:id/leave`; `left: false` when the caller was not in it (nothing to do). */
export interface LeaveChannelResponse {
  left: boolean;
}

export interface HistoryPage {
  messages: Message[];
  hasMore: boolean;
}

/** Addition: one page of a thread, `GET /api/channels/:channelId/threads/:rootId/messages` (same query as history). */
export interface ThreadPage {
  /** The root as stored now (emptied if deleted: its thread stays readable). */
  root: Message;
  /** Replies ascending by seq, paged like channel history. */
  messages: Message[];
  hasMore: boolean;
}

export interface ReadMarkerResponse {
  lastReadSeq: number;
}

export interface UnreadEntry {
  communityId: string;
  channelId: string;
  lastSeq: number;
  lastReadSeq: number;
  unread: number;
  /** Addition: unread messages that mention the caller; in a direct conversation every unread message does. */
  mentions: number;
  /** Addition: a channel, or a direct conversation (`dm`). */
  kind: ConversationKind;
}

/** Addition: channels are listed and browsed; direct conversations (`dm`) are not, and only their members see them. */
export type ConversationKind = 'channel' | 'dm';

/** Addition: `POST /api/communities/:id/dms` body: the other people (the caller may be left out). */
export interface OpenDirectConversationBody {
  userIds: string[];
}

/**
 * Addition: a direct conversation of up to LIMITS.dmMembersMax people of one community. It is a
 * channel for everything else (history, `chat`, `join`, read markers, unread), with its id.
 */
export interface DirectConversation {
  id: string;
  communityId: string;
  /** Everyone in it, the caller included, by username. */
  members: UserSummary[];
  lastSeq: number;
  lastReadSeq: number;
  unread: number;
  /** Every unread message of a direct conversation counts as a mention. */
  mentions: number;
  /** When its last message was written; null before the first. */
  lastMessageAt: string | null;
}

/** Addition: `POST /api/communities/:id/dms`: the same people always get the same conversation. */
export interface OpenDirectConversationResponse {
  conversation: DirectConversation;
  /** False when it existed already. */
  created: boolean;
}

/** Addition: `GET /api/communities/:id/dms`: the caller's direct conversations, latest activity first. */
export interface DirectConversationList {
  conversations: DirectConversation[];
}

/** Addition: `DELETE /api/communities/:id/members/:userId`; `removed: false` when they were not in it. */
export interface RemoveCommunityMemberResponse {
  removed: boolean;
}

export interface EndpointResponse {
  url: string;
  namespace: string;
  /**
   * Addition: pass as Socket.IO's `query` option. It names the node and the worker process that
   * serve the community, so a reverse proxy in front of several nodes (`node`) and a clustered
   * node's primary (`worker`) hand the connection to that process, where the community's
   * broadcasts stay in memory. A client that leaves it out is still served correctly.
   */
  query?: EndpointQuery;
  /**
   * Addition: how long, at most, the named process keeps this assignment if it stops reporting
   * (the remaining life of its routing entry, ms). A client that lost its connection can ask again
   * just after it: the route then names a live process. Absent on a single-node setup.
   */
  leaseMs?: number;
}

/** Addition: see {@link EndpointResponse.query}. */
export interface EndpointQuery {
  /** The socket node's id (`SOCKET_NODE_ID`). */
  node: string;
  /** The worker's index on a clustered node (`SOCKET_WORKERS` > 1), as a decimal string. */
  worker?: string;
}

/** Addition: a piece of a search hit's snippet; `match` marks the words the search found. */
export interface SnippetPart {
  text: string;
  match?: true;
}

/** Addition: one message found by `GET /api/communities/:id/search`. */
export interface SearchHit {
  /** The message as stored now (its current text: edits are found by what they say now). */
  message: Message;
  /** The conversation's name; empty for a direct conversation. */
  channelName: string;
  kind: ConversationKind;
  /** The best-matching part of the text, with the matches marked (plain text: render it escaped). */
  snippet: SnippetPart[];
}

/** Addition: one page of search hits, newest first; `nextCursor` fetches the next (older) page. */
export interface SearchResponse {
  hits: SearchHit[];
  nextCursor: string | null;
}
