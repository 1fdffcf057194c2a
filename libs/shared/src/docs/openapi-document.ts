import type { z } from 'zod';
import { type ErrorCode, HTTP_STATUS_BY_CODE } from '../contract/error-codes';
import * as responses from '../contract-schemas/rest-response.schemas';
import { type JsonSchema, pascalCase, toJsonSchema, toJsonSchemaComponents } from './json-schema';
import { REST_ROUTES, type RestRoute } from './rest-routes';

/** The version of the documents: the v1 contract plus its compatible additions (docs/PROTOCOL.md). */
export const PROTOCOL_DOCUMENT_VERSION = '1.1.0';

const SCHEMA_REF = '#/components/schemas/';

/** Shapes worth a name of their own; a route's response without one here is named after its operation. */
const NAMED_RESPONSES = new Map<z.ZodType, string>([
  [responses.errorBodySchema, 'ErrorBody'],
  [responses.errorInfoSchema, 'ErrorInfo'],
  [responses.validationIssueSchema, 'ValidationIssue'],
  [responses.userSummarySchema, 'UserSummary'],
  [responses.messageSchema, 'Message'],
  [responses.threadSummarySchema, 'ThreadSummary'],
  [responses.reactionCountSchema, 'ReactionCount'],
  [responses.threadPageSchema, 'ThreadPage'],
  [responses.communitySummarySchema, 'CommunitySummary'],
  [responses.myCommunitySchema, 'MyCommunity'],
  [responses.communityMembershipSchema, 'CommunityMembership'],
  [responses.channelSummarySchema, 'ChannelSummary'],
  [responses.channelMembershipSchema, 'ChannelMembership'],
  [responses.channelListItemSchema, 'ChannelListItem'],
  [responses.unreadEntrySchema, 'UnreadEntry'],
  [responses.loginResponseSchema, 'LoginResponse'],
  [responses.meResponseSchema, 'MeResponse'],
  [responses.channelListSchema, 'ChannelList'],
  [responses.historyPageSchema, 'HistoryPage'],
  [responses.readMarkerResponseSchema, 'ReadMarkerResponse'],
  [responses.unreadListSchema, 'UnreadList'],
  [responses.endpointResponseSchema, 'EndpointResponse'],
]);

/** Failures every route may answer, beside its own. */
const SERVER_ERRORS: ErrorCode[] = ['internal_error', 'unavailable'];

function responseNames(routes: readonly RestRoute[]): Map<z.ZodType, string> {
  const names = new Map(NAMED_RESPONSES);
  for (const route of routes) if (!names.has(route.response)) names.set(route.response, `${pascalCase(route.operationId)}Response`);
  return names;
}

const ref = (name: string) => ({ $ref: `${SCHEMA_REF}${name}` });

function parameters(route: RestRoute): JsonSchema[] {
  const path = Object.entries(route.params ?? {}).map(([name, schema]) => ({
    name,
    in: 'path',
    required: true,
    schema: toJsonSchema(schema, 'input', 'draft-2020-12'),
  }));
  if (!route.query) return path;
  const query = toJsonSchema(route.query, 'input', 'draft-2020-12') as { properties?: Record<string, JsonSchema>; required?: string[] };
  const fromQuery = Object.entries(query.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: (query.required ?? []).includes(name),
    schema,
  }));
  return [...path, ...fromQuery];
}

function errorResponses(route: RestRoute): Record<string, JsonSchema> {
  const codes = new Set<ErrorCode>(route.errors);
  if (route.auth) codes.add('unauthorized');
  if (route.body || route.query || Object.keys(route.params ?? {}).some((name) => name !== 'id')) codes.add('validation_failed');
  if (route.params?.id) codes.add('not_found');
  for (const code of SERVER_ERRORS) codes.add(code);
  const byStatus = new Map<number, string[]>();
  for (const code of codes) byStatus.set(HTTP_STATUS_BY_CODE[code], [...(byStatus.get(HTTP_STATUS_BY_CODE[code]) ?? []), code]);
  // body-parser's refusal of an oversized body.
  if (route.body) byStatus.set(413, ['validation_failed (request body too large)']);
  const result: Record<string, JsonSchema> = {};
  for (const status of [...byStatus.keys()].sort((a, b) => a - b)) {
    result[String(status)] = {
      description: `\`error.code\`: ${byStatus.get(status)!.join(', ')}`,
      content: { 'application/json': { schema: ref('ErrorBody') } },
    };
  }
  return result;
}

function operation(route: RestRoute, names: Map<z.ZodType, string>): JsonSchema {
  const params = parameters(route);
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    security: route.auth ? [{ bearer: [] }] : [],
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: toJsonSchema(route.body, 'input', 'draft-2020-12') } } } }
      : {}),
    responses: {
      [String(route.status)]: { description: 'Success', content: { 'application/json': { schema: ref(names.get(route.response)!) } } },
      ...errorResponses(route),
    },
  };
}

/** The OpenAPI 3.1 document of the public REST API (`/api/*`), generated from the contract's schemas. */
export function buildOpenApiDocument(routes: readonly RestRoute[] = REST_ROUTES): JsonSchema {
  const names = responseNames(routes);
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of [...routes].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method))) {
    paths[route.path] = { ...paths[route.path], [route.method]: operation(route, names) };
  }
  const named = new Map([...names].map(([schema, name]) => [name, schema] as const));
  return {
    openapi: '3.1.0',
    info: {
      title: 'commu-chat REST API',
      version: PROTOCOL_DOCUMENT_VERSION,
      description:
        'Generated from the validators and contract types in libs/shared (npm run docs:generate); the prose is docs/PROTOCOL.md. ' +
        'Every failure answers `{ error: { code, message, details? } }` with the status of its code.',
    },
    servers: [{ url: '/api' }],
    tags: [...new Set(routes.map((route) => route.tag))].sort().map((name) => ({ name })),
    paths,
    components: {
      schemas: toJsonSchemaComponents(named, 'output', 'draft-2020-12', SCHEMA_REF),
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The token from POST /api/auth/login (or an HS256 JWT signed with JWT_SECRET, `sub` = user id).',
        },
      },
    },
  };
}
