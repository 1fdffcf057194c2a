import type { ErrorCode, ErrorInfo } from './error-codes';
import type { Message, ThreadSummary, UserSummary } from './message';
import type { ConversationKind } from './rest';

export type ChatType = 'new' | 'modify' | 'delete';

export interface NewChatPayload {
  chatType: 'new';
  channelId: string;
  content: string;
  clientMsgId: string;
  /** Addition: answer the message with this id (a thread root of the same channel, not itself a reply). */
  threadRootId?: string;
  /** Addition: ids of files the author uploaded to this community and has not attached elsewhere, at most 10. */
  attachments?: string[];
}

export interface ModifyChatPayload {
  chatType: 'modify';
  channelId: string;
  messageId: string;
  content: string;
}

export interface DeleteChatPayload {
  chatType: 'delete';
  channelId: string;
  messageId: string;
}

export type ChatPayload = NewChatPayload | ModifyChatPayload | DeleteChatPayload;

export interface ChannelsPayload {
  channels: string[];
}

export interface ReadPayload {
  channelId: string;
  seq: number;
}

export interface TypingPayload {
  channelId: string;
}

/** Addition: add or remove one's reaction on a message. */
export interface ReactPayload {
  channelId: string;
  messageId: string;
  /** One emoji as Unicode text (e.g. "👍"), from the Unicode emoji set (emojibase). */
  emoji: string;
  action: 'add' | 'remove';
}

/** Broadcast to the channel's room, the reactor included, when a reaction was added or removed. */
export interface ReactionBroadcast {
  channelId: string;
  messageId: string;
  emoji: string;
  user: UserSummary;
  action: 'add' | 'remove';
  /** How many users react with this emoji now. */
  count: number;
}

/** Idempotent: adding twice or removing what is not there still answers ok, with `changed: false`. */
export type ReactAck = { ok: true; changed: boolean; reaction: ReactionBroadcast } | { ok: false; error: ErrorInfo };

/** Broadcast to the channel's room, the writer included, when a thread's summary changed. */
export interface ThreadUpdate {
  channelId: string;
  rootId: string;
  thread: ThreadSummary;
}

export type ChatAck = { written: true; chatInfo: Message } | { written: false; error: ErrorInfo };

export interface JoinAck {
  joined: string[];
  rejected: { channelId: string; code: ErrorCode }[];
  /** Present when the payload itself was refused. */
  error?: ErrorInfo;
}

export interface LeaveAck {
  left: string[];
  error?: ErrorInfo;
}

export type ReadAck = { lastReadSeq: number } | { error: ErrorInfo };

export interface TypingBroadcast {
  channelId: string;
  user: UserSummary;
}

/**
 * Events a client emits. Servers still treat every payload as untrusted input and run it through
 * `validate.*` before use: these types describe well-behaved clients, not what arrives.
 */
export interface ClientToServerEvents {
  join: (payload: ChannelsPayload, ack: (result: JoinAck) => void) => void;
  leave: (payload: ChannelsPayload, ack: (result: LeaveAck) => void) => void;
  chat: (payload: ChatPayload, ack: (result: ChatAck) => void) => void;
  read: (payload: ReadPayload, ack: (result: ReadAck) => void) => void;
  typing: (payload: TypingPayload, ack?: (result: { ok: true } | { error: ErrorInfo }) => void) => void;
  react: (payload: ReactPayload, ack: (result: ReactAck) => void) => void;
}

export interface ServerToClientEvents {
  'new-chat': (message: Message) => void;
  'modify-chat': (message: Message) => void;
  'delete-chat': (message: Message) => void;
  typing: (payload: TypingBroadcast) => void;
  reaction: (payload: ReactionBroadcast) => void;
  'thread-updated': (payload: ThreadUpdate) => void;
  'session-expired': (payload: SessionExpired) => void;
  'server-draining': (payload: ServerDraining) => void;
  'community-moved': (payload: CommunityMoved) => void;
  'community-membership': (payload: CommunityMembershipEvent) => void;
  'channel-membership': (payload: ChannelMembershipEvent) => void;
  'read-marker': (payload: ReadMarkerEvent) => void;
}

/*
 * Additions: events meant for one user rather than a room. Each reaches every socket of that user,
 * in whichever community namespace it is connected to and on whichever node, about a second at most
 * after the change is stored.
 */

/** You were added to (`member: true`) or removed from a community. */
export interface CommunityMembershipEvent {
  communityId: string;
  member: boolean;
}

/** You were added to or removed from a channel (a private one, the default one) or a direct conversation. */
export interface ChannelMembershipEvent {
  communityId: string;
  channelId: string;
  kind: ConversationKind;
  member: boolean;
}

/** Your read marker moved (in another tab or device, or this one). */
export interface ReadMarkerEvent {
  communityId: string;
  channelId: string;
  lastReadSeq: number;
}

/** What the socket server keeps on each authenticated socket. */
export interface SocketData {
  user: UserSummary;
  communityId: string;
  /** Epoch ms when the handshake's token expires, if it does: the server closes the socket then. */
  tokenExpiresAt?: number;
}

/** Addition: sent just before the server closes a socket whose token has expired. Sign in again, then reconnect. */
export interface SessionExpired {
  code: 'unauthorized';
  message: string;
}

/**
 * Addition: this node is shutting down. Sent once the chats it had in hand are answered, just before
 * it closes the socket (`io server disconnect`). Ask the endpoint route again and connect to the node
 * it names, after about `reconnectInMs` (spread so a node's clients do not all arrive at once).
 */
export interface ServerDraining {
  reconnectInMs: number;
}

/**
 * Addition: this community is now served by another socket process (rebalancing): ask the endpoint
 * route again and reconnect this namespace within `reconnectInMs`. The server closes the socket a
 * few seconds later if it is still here; until then it is served as before.
 */
export interface CommunityMoved {
  reconnectInMs: number;
}

export const CHAT_BROADCAST_EVENT = {
  new: 'new-chat',
  modify: 'modify-chat',
  delete: 'delete-chat',
} as const satisfies Record<ChatType, keyof ServerToClientEvents>;
