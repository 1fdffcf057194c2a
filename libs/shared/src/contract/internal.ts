import type { ErrorInfo } from './error-codes';
import type { ChatPayload, ReactAck, ReactPayload, ServerToClientEvents, ThreadUpdate } from './socket-events';
import type { Message, UserSummary } from './message';

/**
 * Routes the socket app calls on the API, authenticated with `Authorization: Bearer <INTERNAL_TOKEN>`.
 * The API re-checks every right itself: it never trusts the socket app for authorization.
 */
export const INTERNAL_ROUTES = {
  chatBatch: '/internal/chat-batch',
  communityAccess: '/internal/community-access',
  channelAccess: '/internal/channel-access',
  read: '/internal/read',
  reaction: '/internal/reaction',
} as const;

/**
 * `GET`, same token: a long-lived stream of {@link InternalUserEvent}s, one JSON object a line (an
 * empty line is a heartbeat), that each socket process reads for as long as it runs.
 */
export const INTERNAL_USER_EVENTS_ROUTE = '/internal/user-events';

/** The events a socket node delivers to one user's sockets rather than to a room. */
export type UserEventName = 'community-membership' | 'channel-membership' | 'read-marker';

/**
 * One change for some users, as the API streams it to every socket node: each node emits `event`
 * with `payload` to the sockets of `userIds` it holds, in every community namespace.
 */
export type InternalUserEvent = {
  [E in UserEventName]: { userIds: string[]; event: E; payload: Parameters<ServerToClientEvents[E]>[0] };
}[UserEventName];

export interface InternalChatCommand {
  userId: string;
  communityId: string;
  chat: ChatPayload;
}

export interface InternalChatBatchRequest {
  commands: InternalChatCommand[];
}

/** `thread`: set when the command changed a thread's summary (a reply written or deleted). */
export type InternalChatResult = { ok: true; message: Message; thread?: ThreadUpdate } | { ok: false; error: ErrorInfo };

/** `results[i]` answers `commands[i]`. */
export interface InternalChatBatchResponse {
  results: InternalChatResult[];
}

export interface InternalCommunityAccessRequest {
  userId: string;
  communityId: string;
}

/** On success carries the user's summary, so the socket app needs no user table of its own. */
export type InternalCommunityAccessResponse = { ok: true; user: UserSummary } | { ok: false; error: ErrorInfo };

export interface InternalChannelAccessRequest {
  userId: string;
  communityId: string;
  channelIds: string[];
}

export interface InternalChannelAccessResponse {
  allowed: string[];
  rejected: { channelId: string; code: ErrorInfo['code'] }[];
}

export interface InternalReadRequest {
  userId: string;
  communityId: string;
  channelId: string;
  seq: number;
}

export type InternalReadResponse = { ok: true; lastReadSeq: number } | { ok: false; error: ErrorInfo };

export interface InternalReactionRequest {
  userId: string;
  communityId: string;
  reaction: ReactPayload;
}

export type InternalReactionResponse = ReactAck;
