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
}

export interface EndpointResponse {
  url: string;
  namespace: string;
}
