import type { ErrorInfo } from './error-codes';
import type { ChatPayload, ReactAck, ReactPayload, ThreadUpdate } from './socket-events';
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
