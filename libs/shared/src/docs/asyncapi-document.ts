import type { z } from 'zod';
import { COMMUNITY_NAMESPACE_PREFIX } from '../contract/limits';
import * as responses from '../contract-schemas/rest-response.schemas';
import * as replies from '../contract-schemas/socket-reply.schemas';
import * as requests from '../validation/schemas';
import { type JsonSchema, pascalCase, sortedByKey, toJsonSchemaComponents } from './json-schema';
import { PROTOCOL_DOCUMENT_VERSION } from './openapi-document';
import { CLIENT_EVENTS, type ClientEventDoc, SERVER_EVENTS, type ServerEventDoc } from './socket-events';

const SCHEMA_REF = '#/components/schemas/';
const CHANNEL = 'community';

/** Client payloads, described as clients must send them (before the server trims content). */
const NAMED_PAYLOADS = new Map<z.ZodType, string>([
  [requests.channelsPayloadSchema, 'ChannelsPayload'],
  [requests.chatPayloadSchema, 'ChatPayload'],
  [requests.newChatSchema, 'NewChatPayload'],
  [requests.modifyChatSchema, 'ModifyChatPayload'],
  [requests.deleteChatSchema, 'DeleteChatPayload'],
  [requests.readPayloadSchema, 'ReadPayload'],
  [requests.typingPayloadSchema, 'TypingPayload'],
  [requests.reactPayloadSchema, 'ReactPayload'],
]);

/** What the server sends: acks and broadcasts. */
const NAMED_REPLIES = new Map<z.ZodType, string>([
  [responses.errorInfoSchema, 'ErrorInfo'],
  [responses.validationIssueSchema, 'ValidationIssue'],
  [responses.userSummarySchema, 'UserSummary'],
  [responses.messageSchema, 'Message'],
  [responses.threadSummarySchema, 'ThreadSummary'],
  [responses.reactionCountSchema, 'ReactionCount'],
  [replies.chatAckSchema, 'ChatAck'],
  [replies.joinAckSchema, 'JoinAck'],
  [replies.leaveAckSchema, 'LeaveAck'],
  [replies.readAckSchema, 'ReadAck'],
  [replies.typingAckSchema, 'TypingAck'],
  [replies.typingBroadcastSchema, 'TypingBroadcast'],
  [replies.reactAckSchema, 'ReactAck'],
  [replies.reactionBroadcastSchema, 'ReactionBroadcast'],
  [replies.threadUpdateSchema, 'ThreadUpdate'],
  [replies.sessionExpiredSchema, 'SessionExpired'],
  [replies.serverDrainingSchema, 'ServerDraining'],
  [replies.communityMembershipEventSchema, 'CommunityMembershipEvent'],
  [replies.channelMembershipEventSchema, 'ChannelMembershipEvent'],
  [replies.readMarkerEventSchema, 'ReadMarkerEvent'],
]);

/** `new-chat` -> `NewChat`. */
const messageKey = (event: string) => event.split('-').map(pascalCase).join('');

function named(schemas: Map<z.ZodType, string>, schema: z.ZodType, what: string): { $ref: string } {
  const name = schemas.get(schema);
  if (!name) throw new Error(`${what}: give its schema a name in asyncapi-document.ts`);
  return { $ref: `${SCHEMA_REF}${name}` };
}

function clientMessages(event: string, doc: ClientEventDoc): [string, JsonSchema][] {
  return [
    [
      `${messageKey(event)}`,
      { name: event, title: `${event} (client -> server)`, summary: doc.summary, payload: named(NAMED_PAYLOADS, doc.payload, event) },
    ],
    [
      `${messageKey(event)}Ack`,
      {
        name: `${event} ack`,
        title: `${event} ack`,
        summary: `The Socket.IO acknowledgement of \`${event}\`${doc.ackOptional ? ' (the client may omit the callback)' : ''}.`,
        payload: named(NAMED_REPLIES, doc.ack, `${event} ack`),
      },
    ],
  ];
}

function serverMessage(event: string, doc: ServerEventDoc): [string, JsonSchema] {
  return [
    `${messageKey(event)}Broadcast`,
    { name: event, title: `${event} (server -> client)`, summary: doc.summary, payload: named(NAMED_REPLIES, doc.payload, event) },
  ];
}

const channelRef = { $ref: `#/channels/${CHANNEL}` };
const messageRef = (key: string) => ({ $ref: `#/channels/${CHANNEL}/messages/${key}` });

/** The AsyncAPI 3.0 document of a community namespace, generated from the contract's schemas. */
export function buildAsyncApiDocument(): JsonSchema {
  const messages: Record<string, JsonSchema> = {};
  const operations: Record<string, JsonSchema> = {};
  for (const [event, doc] of Object.entries(CLIENT_EVENTS).sort(([a], [b]) => a.localeCompare(b))) {
    const [[key, message], [ackKey, ack]] = clientMessages(event, doc);
    messages[key] = message;
    messages[ackKey] = ack;
    operations[`receive${key}`] = {
      action: 'receive',
      channel: channelRef,
      summary: doc.summary,
      messages: [messageRef(key)],
      reply: { channel: channelRef, messages: [messageRef(ackKey)] },
    };
  }
  for (const [event, doc] of Object.entries(SERVER_EVENTS).sort(([a], [b]) => a.localeCompare(b))) {
    const [key, message] = serverMessage(event, doc);
    messages[key] = message;
    operations[`send${key}`] = { action: 'send', channel: channelRef, summary: doc.summary, messages: [messageRef(key)] };
  }
  const byName = (schemas: Map<z.ZodType, string>) => new Map([...schemas].map(([schema, name]) => [name, schema] as const));
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'commu-chat Socket.IO protocol',
      version: PROTOCOL_DOCUMENT_VERSION,
      description:
        'Socket.IO events of a community namespace, generated from the validators and contract types in libs/shared ' +
        '(npm run docs:generate); the prose is docs/PROTOCOL.md. Every client event is answered through the Socket.IO ' +
        'acknowledgement (the reply of each operation); Socket.IO frames are not raw WebSocket messages, so use a Socket.IO client.',
    },
    defaultContentType: 'application/json',
    servers: {
      socket: {
        host: '{host}',
        protocol: 'ws',
        pathname: '/socket.io',
        description: 'A socket node (Socket.IO 4, Engine.IO path `/socket.io`): the `url` of GET /api/communities/{id}/endpoint.',
        variables: { host: { default: 'localhost:3001', description: 'host:port of the socket node' } },
        security: [{ $ref: '#/components/securitySchemes/handshakeToken' }],
      },
    },
    channels: {
      [CHANNEL]: {
        address: `${COMMUNITY_NAMESPACE_PREFIX}{communityId}`,
        title: 'Community namespace',
        description:
          'One namespace per community. A refused handshake is a `connect_error` whose message is the error code: ' +
          '`unauthorized` (missing or invalid token), `not_found` (no such community), `forbidden` (not a member).',
        parameters: { communityId: { description: 'The community id (a UUID).' } },
        messages: Object.fromEntries(Object.keys(messages).map((key) => [key, { $ref: `#/components/messages/${key}` }])),
      },
    },
    operations,
    components: {
      schemas: sortedByKey({
        ...toJsonSchemaComponents(byName(NAMED_PAYLOADS), 'input', 'draft-7', SCHEMA_REF),
        ...toJsonSchemaComponents(byName(NAMED_REPLIES), 'output', 'draft-7', SCHEMA_REF),
      }),
      messages,
      securitySchemes: {
        handshakeToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The REST token, sent in the Socket.IO handshake as `auth: { token }` (`io(url + namespace, { auth: { token } })`).',
        },
      },
    },
  };
}
