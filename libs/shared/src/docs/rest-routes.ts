import type { z } from 'zod';
import type { ErrorCode } from '../contract/error-codes';
import {
  channelListSchema,
  channelMembershipSchema,
  channelSummarySchema,
  communityMembershipSchema,
  communitySummarySchema,
  endpointResponseSchema,
  historyPageSchema,
  loginResponseSchema,
  meResponseSchema,
  readMarkerResponseSchema,
  threadPageSchema,
  unreadListSchema,
  userSummarySchema,
} from '../contract-schemas/rest-response.schemas';
import {
  addMemberBodySchema,
  createChannelBodySchema,
  createCommunityBodySchema,
  historyQuerySchema,
  idSchema,
  loginBodySchema,
  readBodySchema,
  usernameSchema,
} from '../validation/schemas';

/** One public REST route, as the OpenAPI document describes it. */
export interface RestRoute {
  method: 'get' | 'post';
  /** Under the `/api` prefix, in OpenAPI's form (`/channels/{id}/read`). */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  /** Needs `Authorization: Bearer <token>` (401 without). */
  auth: boolean;
  /** Path parameters; a malformed `id` is a 404 (it names nothing), any other a 400. */
  params?: Record<string, z.ZodType>;
  /** An object schema: each property is one query parameter. */
  query?: z.ZodType;
  body?: z.ZodType;
  /** The success status and its body. */
  status: 200 | 201;
  response: z.ZodType;
  /** Failures particular to the route; 401 (with `auth`), 400 (with a body, query or param), 500 and 503 are added to all. */
  errors: ErrorCode[];
}

/**
 * Every public route of the API. The route-coverage spec (apps/api/src/docs) fails until a new
 * controller route has its entry here, and the document is generated from this table.
 */
export const REST_ROUTES: readonly RestRoute[] = [
  {
    method: 'post',
    path: '/auth/login',
    operationId: 'login',
    tag: 'identity',
    summary: 'Dev login: creates the user on first use (only with AUTH_MODE=dev; 404 otherwise).',
    auth: false,
    body: loginBodySchema,
    status: 201,
    response: loginResponseSchema,
    errors: ['not_found'],
  },
  {
    method: 'get',
    path: '/me',
    operationId: 'getMe',
    tag: 'identity',
    summary: 'The caller and the communities it belongs to.',
    auth: true,
    status: 200,
    response: meResponseSchema,
    errors: [],
  },
  {
    method: 'get',
    path: '/users/by-username/{username}',
    operationId: 'getUserByUsername',
    tag: 'identity',
    summary: 'Turns a username into the id that the member routes take.',
    auth: true,
    params: { username: usernameSchema },
    status: 200,
    response: userSummarySchema,
    errors: ['not_found'],
  },
  {
    method: 'post',
    path: '/communities',
    operationId: 'createCommunity',
    tag: 'communities',
    summary: 'Creates a community; the caller becomes its owner.',
    auth: true,
    body: createCommunityBodySchema,
    status: 201,
    response: communitySummarySchema,
    errors: [],
  },
  {
    method: 'post',
    path: '/communities/{id}/members',
    operationId: 'addCommunityMember',
    tag: 'communities',
    summary: 'Adds a user to a community as a member (owner or admin only).',
    auth: true,
    params: { id: idSchema },
    body: addMemberBodySchema,
    status: 201,
    response: communityMembershipSchema,
    errors: ['forbidden', 'not_found'],
  },
  {
    method: 'get',
    path: '/communities/{id}/endpoint',
    operationId: 'getCommunityEndpoint',
    tag: 'routing',
    summary: 'The socket node this community is served from (member only).',
    auth: true,
    params: { id: idSchema },
    status: 200,
    response: endpointResponseSchema,
    errors: ['forbidden', 'not_found'],
  },
  {
    method: 'post',
    path: '/communities/{id}/channels',
    operationId: 'createChannel',
    tag: 'channels',
    summary: 'Creates a channel (community member only); the caller becomes a channel member.',
    auth: true,
    params: { id: idSchema },
    body: createChannelBodySchema,
    status: 201,
    response: channelSummarySchema,
    errors: ['forbidden', 'not_found', 'conflict'],
  },
  {
    method: 'get',
    path: '/communities/{id}/channels',
    operationId: 'listChannels',
    tag: 'channels',
    summary: 'The channels the caller can see, with its unread counts (community member only).',
    auth: true,
    params: { id: idSchema },
    status: 200,
    response: channelListSchema,
    errors: ['forbidden', 'not_found'],
  },
  {
    method: 'post',
    path: '/channels/{id}/join',
    operationId: 'joinChannel',
    tag: 'channels',
    summary: 'Joins a public channel of a community the caller belongs to.',
    auth: true,
    params: { id: idSchema },
    status: 201,
    response: channelMembershipSchema,
    errors: ['forbidden', 'not_found'],
  },
  {
    method: 'post',
    path: '/channels/{id}/members',
    operationId: 'addChannelMember',
    tag: 'channels',
    summary: "Adds a member of the channel's community to the channel (channel member only; the only way into a private channel).",
    auth: true,
    params: { id: idSchema },
    body: addMemberBodySchema,
    status: 201,
    response: channelMembershipSchema,
    errors: ['forbidden', 'not_found'],
  },
  {
    method: 'get',
    path: '/channels/{id}/messages',
    operationId: 'getHistory',
    tag: 'messages',
    summary: 'A page of history, ascending by seq; `before`/`after` are exclusive bounds, neither means the newest page.',
    auth: true,
    params: { id: idSchema },
    query: historyQuerySchema,
    status: 200,
    response: historyPageSchema,
    errors: ['forbidden', 'not_found'],
  },
  {
    method: 'get',
    path: '/channels/{id}/threads/{rootId}/messages',
    operationId: 'getThread',
    tag: 'messages',
    summary:
      'Addition: the root and a page of its thread replies, paged like history. Replies are also messages of the channel (channel history, seqs, unread).',
    auth: true,
    params: { id: idSchema, rootId: idSchema },
    query: historyQuerySchema,
    status: 200,
    response: threadPageSchema,
    errors: ['forbidden', 'not_found'],
  },
  {
    method: 'post',
    path: '/channels/{id}/read',
    operationId: 'markRead',
    tag: 'read-state',
    summary: 'Moves the read marker forward (never back); 200 because it creates nothing.',
    auth: true,
    params: { id: idSchema },
    body: readBodySchema,
    status: 200,
    response: readMarkerResponseSchema,
    errors: ['forbidden', 'not_found'],
  },
  {
    method: 'get',
    path: '/me/unread',
    operationId: 'getUnread',
    tag: 'read-state',
    summary: 'Unread counts of every channel the caller belongs to.',
    auth: true,
    status: 200,
    response: unreadListSchema,
    errors: [],
  },
];
