import type { z } from 'zod';
import type { ClientToServerEvents, ServerToClientEvents } from '../contract/socket-events';
import { messageSchema } from '../contract-schemas/rest-response.schemas';
import {
  channelMembershipEventSchema,
  chatAckSchema,
  communityMembershipEventSchema,
  joinAckSchema,
  leaveAckSchema,
  reactAckSchema,
  reactionBroadcastSchema,
  readAckSchema,
  readMarkerEventSchema,
  serverDrainingSchema,
  sessionExpiredSchema,
  threadUpdateSchema,
  typingAckSchema,
  typingBroadcastSchema,
} from '../contract-schemas/socket-reply.schemas';
import { channelsPayloadSchema, chatPayloadSchema, reactPayloadSchema, readPayloadSchema, typingPayloadSchema } from '../validation/schemas';

/** A client -> server event: its payload (as the server validates it) and its ack. */
export interface ClientEventDoc {
  summary: string;
  payload: z.ZodType;
  ack: z.ZodType;
  /** The client may leave the ack callback out. */
  ackOptional?: boolean;
}

/** A server -> client event. */
export interface ServerEventDoc {
  summary: string;
  payload: z.ZodType;
}

/**
 * Every event of a community namespace, keyed by its name: the `Record` types make the compiler
 * refuse a table that misses an event of the contract's `ClientToServerEvents`/`ServerToClientEvents`.
 */
export const CLIENT_EVENTS: Record<keyof ClientToServerEvents, ClientEventDoc> = {
  join: {
    summary: 'Joins channel rooms: only channels of this community that the user is a member of are joined; the others are listed with a code.',
    payload: channelsPayloadSchema,
    ack: joinAckSchema,
  },
  leave: { summary: 'Leaves channel rooms.', payload: channelsPayloadSchema, ack: leaveAckSchema },
  chat: {
    summary:
      'Writes a message (new, modify or delete) through the API; after the write, `<chatType>-chat` goes to the rest of the room. ' +
      'A `new` with a `clientMsgId` already used by the same author in the channel answers the stored message again.',
    payload: chatPayloadSchema,
    ack: chatAckSchema,
  },
  read: { summary: 'Moves the read marker forward (never back).', payload: readPayloadSchema, ack: readAckSchema },
  typing: {
    summary: 'Tells the rest of the room that the user is typing; never stored.',
    payload: typingPayloadSchema,
    ack: typingAckSchema,
    ackOptional: true,
  },
  react: {
    summary:
      "Adds or removes the user's reaction (one Unicode emoji) on a message of a channel they are in; stored by the API, then `reaction` goes to the whole room. " +
      "Refused on deleted messages, beyond 20 different emoji per message, and over the user's write budget.",
    payload: reactPayloadSchema,
    ack: reactAckSchema,
  },
};

export const SERVER_EVENTS: Record<keyof ServerToClientEvents, ServerEventDoc> = {
  'new-chat': { summary: 'A message was written, to every socket in the room but the sender.', payload: messageSchema },
  'modify-chat': { summary: 'A message was edited.', payload: messageSchema },
  'delete-chat': { summary: 'A message was deleted (empty content, `deletedAt` set).', payload: messageSchema },
  typing: { summary: 'Someone in the room is typing.', payload: typingBroadcastSchema },
  reaction: { summary: 'A reaction was added or removed, to the whole room (the reactor too).', payload: reactionBroadcastSchema },
  'thread-updated': {
    summary: 'A thread summary changed (a reply written or deleted), to the whole room (the writer too).',
    payload: threadUpdateSchema,
  },
  'session-expired': {
    summary: 'The token of this socket expired: sent just before the server closes it. Sign in again and reconnect with the new token.',
    payload: sessionExpiredSchema,
  },
  'server-draining': {
    summary:
      'This node is shutting down: sent to every socket once the chats in hand are answered, just before the server closes it. ' +
      'Ask `GET /api/communities/:id/endpoint` again and connect to the node it names.',
    payload: serverDrainingSchema,
  },
  'community-moved': {
    summary:
      'Rebalancing: this community is now served by another socket process. Ask `GET /api/communities/:id/endpoint` again and ' +
      'reconnect this namespace within `reconnectInMs` (a random spread, so that clients do not all arrive at once). ' +
      'The socket is served as before until then, and closed a few seconds later if it is still here.',
    payload: serverDrainingSchema,
  },
  'community-membership': {
    summary:
      "To each of the user's sockets (any community, any node): the user was added to or removed from a community. " +
      'Fetch `GET /api/me` again; on removal, sockets of that community are closed.',
    payload: communityMembershipEventSchema,
  },
  'channel-membership': {
    summary:
      "To each of the user's sockets: the user was added to or removed from a channel or a direct conversation (`kind`). " +
      'Fetch the channel list (or `GET /api/communities/:id/dms`) again and `join` it.',
    payload: channelMembershipEventSchema,
  },
  'read-marker': {
    summary: "To each of the user's sockets: the user's read marker in a channel moved (from any tab or device), so badges agree everywhere.",
    payload: readMarkerEventSchema,
  },
};
