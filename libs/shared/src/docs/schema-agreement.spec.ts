import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import type { z } from 'zod';
import { chatAckSchema } from '../contract-schemas/socket-reply.schemas';
import { historyPageSchema, messageSchema } from '../contract-schemas/rest-response.schemas';
import { validate } from '../validation/validators';
import { buildAsyncApiDocument } from './asyncapi-document';
import type { JsonSchema } from './json-schema';
import { buildOpenApiDocument } from './openapi-document';

/*
 * The documents and the validators must accept and refuse the same payloads: for samples of every
 * validator, ajv on the document's schema and `validate.*` agree. What JSON Schema cannot say (a
 * length after trimming, a number range inside a query string, "no other query parameters") is
 * listed as `looser`: the document accepts it, the validator refuses it, and the test checks both
 * halves, so it fails if either side changes.
 */

type Doc = { components: { schemas: Record<string, JsonSchema> } } & JsonSchema;
const openApi = buildOpenApiDocument() as Doc;
const asyncApi = buildAsyncApiDocument() as Doc;

/** A schema of a document with the document's components beside it, so that ajv resolves its `$ref`s. */
function standalone(doc: Doc, schema: unknown, defs: '$defs' | 'definitions'): JsonSchema {
  const rewrite = <T>(value: T): T => JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', `"#/${defs}/`)) as T;
  return { ...rewrite(schema as JsonSchema), [defs]: rewrite(doc.components.schemas) };
}

type Operation = {
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  parameters?: { name: string; in: string; required: boolean; schema: JsonSchema }[];
};
const operation = (method: string, path: string) => (openApi.paths as Record<string, Record<string, Operation>>)[path][method];

// The one format the documents use; the servers write it with Date#toISOString.
const formats = { 'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/ };
const ajv2020 = new Ajv2020({ strict: true, allErrors: true, formats });
const ajv7 = new Ajv({ strict: true, allErrors: true, formats });

const fromOpenApi = (schema: unknown) => ajv2020.compile(standalone(openApi, schema, '$defs'));
const fromAsyncApi = (schema: unknown) => ajv7.compile(standalone(asyncApi, schema, 'definitions'));
const body = (method: string, path: string) => fromOpenApi(operation(method, path).requestBody!.content['application/json'].schema);
const param = (method: string, path: string, name: string) =>
  fromOpenApi(operation(method, path).parameters!.find((p) => p.name === name)!.schema);
/** Query parameters as the object the validator sees (Express parses the query string into one). */
function query(method: string, path: string) {
  const params = operation(method, path).parameters!.filter((p) => p.in === 'query');
  return fromOpenApi({
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
    required: params.filter((p) => p.required).map((p) => p.name),
  });
}
const component = (doc: 'openapi' | 'asyncapi', name: string) =>
  doc === 'openapi' ? fromOpenApi({ $ref: `#/components/schemas/${name}` }) : fromAsyncApi({ $ref: `#/components/schemas/${name}` });

interface Samples {
  /** The document's schema of this payload. */
  documented: () => (value: unknown) => boolean;
  accepts: (input: unknown) => boolean;
  valid: unknown[];
  invalid: unknown[];
  /** Accepted by the document, refused by the validator: rules JSON Schema cannot state. */
  looser?: unknown[];
}

const ID = '3f1c2b9e-8a7d-4c6b-9e5f-0a1b2c3d4e5f';
const UPPER_ID = ID.toUpperCase();
const validated = (validator: (input: unknown) => { ok: boolean }) => (input: unknown) => validator(input).ok;
const long = (n: number) => 'x'.repeat(n);

const SAMPLES: Record<keyof typeof validate, Samples> = {
  loginBody: {
    documented: () => body('post', '/auth/login'),
    accepts: validated(validate.loginBody),
    valid: [{ username: 'alice' }, { username: 'a.b-c_9' }, { username: long(32) }],
    invalid: [
      {},
      { username: '' },
      { username: long(33) },
      { username: 'al ice' },
      { username: 7 },
      { username: 'alice', extra: 1 },
      null,
      'alice',
    ],
  },
  username: {
    documented: () => param('get', '/users/by-username/{username}', 'username'),
    accepts: validated(validate.username),
    valid: ['bob', long(32)],
    invalid: ['', long(33), 'bob!', 'é'],
  },
  createCommunityBody: {
    documented: () => body('post', '/communities'),
    accepts: validated(validate.createCommunityBody),
    valid: [{ name: 'Rust fans' }, { name: `  ${long(80)}  ` }],
    invalid: [{}, { name: 1 }, { name: 'x', owner: ID }],
    looser: [{ name: '' }, { name: '   ' }, { name: long(81) }, { name: 'a\u0000b' }],
  },
  addMemberBody: {
    documented: () => body('post', '/communities/{id}/members'),
    accepts: validated(validate.addMemberBody),
    valid: [{ userId: ID }, { userId: UPPER_ID }],
    invalid: [{}, { userId: 'bob' }, { userId: `${ID}0` }, { userId: ID, role: 'admin' }],
  },
  openDirectConversationBody: {
    documented: () => body('post', '/communities/{id}/dms'),
    accepts: validated(validate.openDirectConversationBody),
    valid: [{ userIds: [ID] }, { userIds: [ID, UPPER_ID] }],
    invalid: [{}, { userIds: [] }, { userIds: ['bob'] }, { userIds: Array(9).fill(ID) }, { userIds: [ID], topic: 'x' }],
  },
  createChannelBody: {
    documented: () => body('post', '/communities/{id}/channels'),
    accepts: validated(validate.createChannelBody),
    valid: [{ name: 'general' }, { name: 'secret', private: true }, { name: 'open', private: false }],
    invalid: [{ private: true }, { name: 'x', private: 'yes' }, { name: 'x', topic: 'y' }],
    looser: [{ name: ' \t\n ' }, { name: long(81) }],
  },
  readBody: {
    documented: () => body('post', '/channels/{id}/read'),
    accepts: validated(validate.readBody),
    valid: [{ seq: 0 }, { seq: 42 }, { seq: Number.MAX_SAFE_INTEGER }],
    invalid: [{}, { seq: -1 }, { seq: 1.5 }, { seq: '3' }, { seq: Number.MAX_SAFE_INTEGER + 2 }, { seq: 1, channelId: ID }],
  },
  updateChannelBody: {
    documented: () => body('patch', '/channels/{id}'),
    accepts: validated(validate.updateChannelBody),
    valid: [{ topic: 'Release planning' }, { topic: '' }, { topic: `${long(250)}  ` }],
    invalid: [{}, { topic: 3 }, { topic: 'x', name: 'y' }],
    // The length after trimming and "one line" are said in words in the document.
    looser: [{ topic: long(251) }, { topic: 'two\nlines' }],
  },
  historyQuery: {
    documented: () => query('get', '/channels/{id}/messages'),
    accepts: validated(validate.historyQuery),
    valid: [{}, { before: '10' }, { after: '0', limit: '100' }, { before: '5', after: '1', limit: '1' }],
    invalid: [{ before: '-1' }, { before: '1e3' }, { after: '12abc' }, { limit: '' }, { limit: '12345' }, { before: ['1', '2'] }],
    looser: [{ limit: '0' }, { limit: '101' }, { cursor: 'x' }, { around: '5', before: '6' }],
  },
  searchQuery: {
    documented: () => query('get', '/communities/{id}/search'),
    accepts: validated(validate.searchQuery),
    valid: [
      { q: 'hello' },
      { q: '"release notes" -draft', limit: '50', channelId: ID, authorId: ID, after: '2026-01-01', before: '2026-12-05T10:00:00Z' },
    ],
    invalid: [{}, { q: 'x', limit: 'abc' }, { q: 'x', channelId: 'nope' }, { q: 'x', after: 'yesterday' }, { q: 'x', cursor: 'a b' }],
    // Query parameters are described one by one: the document cannot forbid unknown ones.
    looser: [{ q: '-only' }, { q: '   ' }, { q: long(257) }, { q: 'x', limit: '51' }, { q: 'x', after: '2026-13-45' }, { q: 'x', extra: '1' }],
  },
  chatPayload: {
    documented: () => component('asyncapi', 'ChatPayload'),
    accepts: validated(validate.chatPayload),
    valid: [
      { chatType: 'new', channelId: ID, content: 'hello', clientMsgId: 'c-1' },
      { chatType: 'new', channelId: UPPER_ID, content: `  ${long(4000)}  `, clientMsgId: long(64) },
      { chatType: 'modify', channelId: ID, messageId: ID, content: 'edited\nline two' },
      { chatType: 'delete', channelId: ID, messageId: ID },
    ],
    invalid: [
      {},
      { chatType: 'edit', channelId: ID, messageId: ID },
      { chatType: 'new', channelId: ID, content: 'hi' },
      { chatType: 'new', channelId: ID, content: 'hi', clientMsgId: '' },
      { chatType: 'new', channelId: ID, content: 'hi', clientMsgId: long(65) },
      { chatType: 'new', channelId: 'general', content: 'hi', clientMsgId: 'c' },
      { chatType: 'modify', channelId: ID, messageId: ID },
      { chatType: 'delete', channelId: ID, messageId: ID, content: 'x' },
    ],
    looser: [
      { chatType: 'new', channelId: ID, content: '   ', clientMsgId: 'c' },
      { chatType: 'new', channelId: ID, content: long(4001), clientMsgId: 'c' },
      { chatType: 'modify', channelId: ID, messageId: ID, content: 'bell\u0007' },
    ],
  },
  channelsPayload: {
    documented: () => component('asyncapi', 'ChannelsPayload'),
    accepts: validated(validate.channelsPayload),
    valid: [{ channels: [ID] }, { channels: Array.from({ length: 200 }, () => ID) }],
    invalid: [{}, { channels: [] }, { channels: Array.from({ length: 201 }, () => ID) }, { channels: ['general'] }, { channels: ID }],
  },
  readPayload: {
    documented: () => component('asyncapi', 'ReadPayload'),
    accepts: validated(validate.readPayload),
    valid: [
      { channelId: ID, seq: 0 },
      { channelId: UPPER_ID, seq: 7 },
    ],
    invalid: [{ channelId: ID }, { seq: 1 }, { channelId: ID, seq: -1 }, { channelId: ID, seq: 0.5 }],
  },
  typingPayload: {
    documented: () => component('asyncapi', 'TypingPayload'),
    accepts: validated(validate.typingPayload),
    valid: [{ channelId: ID }],
    invalid: [{}, { channelId: 'x' }, { channelId: ID, typing: true }],
  },
  reactPayload: {
    documented: () => component('asyncapi', 'ReactPayload'),
    accepts: validated(validate.reactPayload),
    valid: [
      { channelId: ID, messageId: ID, emoji: '👍', action: 'add' },
      { channelId: UPPER_ID, messageId: ID, emoji: '👩‍💻', action: 'remove' },
    ],
    invalid: [
      {},
      { channelId: ID, messageId: ID, emoji: '👍' },
      { channelId: ID, messageId: ID, emoji: '👍', action: 'toggle' },
      { channelId: ID, messageId: 'x', emoji: '👍', action: 'add' },
      { channelId: ID, messageId: ID, emoji: long(65), action: 'add' },
      { channelId: ID, messageId: ID, emoji: '👍', action: 'add', extra: 1 },
    ],
    // "One emoji of the Unicode set" is a lookup in emojibase's list: the document says it in words.
    looser: [
      { channelId: ID, messageId: ID, emoji: 'x', action: 'add' },
      { channelId: ID, messageId: ID, emoji: '👍👍', action: 'add' },
    ],
  },
};

describe('the generated documents and the validators', () => {
  it('have samples for every validator (add them here when you add one)', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(validate).sort());
  });

  describe.each(Object.entries(SAMPLES))('%s', (_name, samples) => {
    const documented = samples.documented();

    it.each(samples.valid.map((value) => [JSON.stringify(value).slice(0, 80), value]))('both accept %s', (_label, value) => {
      expect({ document: documented(value), validator: samples.accepts(value) }).toEqual({ document: true, validator: true });
    });

    it.each(samples.invalid.map((value) => [JSON.stringify(value).slice(0, 80), value]))('both refuse %s', (_label, value) => {
      expect({ document: documented(value), validator: samples.accepts(value) }).toEqual({ document: false, validator: false });
    });

    const looser = samples.looser ?? [];
    if (looser.length > 0) {
      it.each(looser.map((value) => [JSON.stringify(value).slice(0, 80), value]))('only the validator refuses %s', (_label, value) => {
        expect({ document: documented(value), validator: samples.accepts(value) }).toEqual({ document: true, validator: false });
      });
    }
  });
});

describe('the documented answers and their zod schemas', () => {
  const author = { id: ID, username: 'alice' };
  const message = {
    id: ID,
    communityId: ID,
    channelId: ID,
    seq: 1,
    author,
    content: 'hi',
    clientMsgId: 'c-1',
    createdAt: '2026-12-05T08:00:00.000Z',
    editedAt: null,
    deletedAt: null,
  };
  const cases: [string, () => (value: unknown) => boolean, z.ZodType, unknown[], unknown[]][] = [
    [
      'Message (OpenAPI)',
      () => component('openapi', 'Message'),
      messageSchema,
      [message],
      [
        { ...message, seq: 0 },
        { ...message, author: { id: ID } },
        { ...message, editedAt: undefined },
      ],
    ],
    [
      'HistoryPage (OpenAPI)',
      () => component('openapi', 'HistoryPage'),
      historyPageSchema,
      [
        { messages: [], hasMore: false },
        { messages: [message], hasMore: true },
      ],
      [{ messages: [] }, { messages: [{}], hasMore: false }],
    ],
    [
      'ChatAck (AsyncAPI)',
      () => component('asyncapi', 'ChatAck'),
      chatAckSchema,
      [
        { written: true, chatInfo: message },
        { written: false, error: { code: 'forbidden', message: 'no' } },
      ],
      [{ written: true }, { written: false, error: { code: 'teapot', message: 'no' } }, { written: 'yes', chatInfo: message }],
    ],
  ];

  it.each(cases)('%s: the document and the schema agree', (_name, documented, schema, valid, invalid) => {
    const check = documented();
    for (const value of valid)
      expect({ document: check(value), schema: schema.safeParse(value).success }).toEqual({ document: true, schema: true });
    for (const value of invalid)
      expect({ document: check(value), schema: schema.safeParse(value).success }).toEqual({ document: false, schema: false });
  });
});
