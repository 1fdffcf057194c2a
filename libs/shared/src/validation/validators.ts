import type { z } from 'zod';
import { parseWith, type ParseResult } from './parse';
import {
  addMemberBodySchema,
  channelsPayloadSchema,
  chatPayloadSchema,
  createChannelBodySchema,
  createCommunityBodySchema,
  historyQuerySchema,
  loginBodySchema,
  openDirectConversationBodySchema,
  reactPayloadSchema,
  readBodySchema,
  updateChannelBodySchema,
  readPayloadSchema,
  searchQuerySchema,
  typingPayloadSchema,
  usernameSchema,
} from './schemas';

function validator<S extends z.ZodType>(schema: S, what: string) {
  return (input: unknown): ParseResult<z.output<S>> => parseWith(schema as z.ZodType<z.output<S>>, input, what);
}

/** One validator per payload of the contract; both apps call these and nothing else. */
export const validate = {
  loginBody: validator(loginBodySchema, 'login body'),
  username: validator(usernameSchema, 'username'),
  createCommunityBody: validator(createCommunityBodySchema, 'community'),
  addMemberBody: validator(addMemberBodySchema, 'member'),
  openDirectConversationBody: validator(openDirectConversationBodySchema, 'direct conversation'),
  createChannelBody: validator(createChannelBodySchema, 'channel'),
  readBody: validator(readBodySchema, 'read marker'),
  updateChannelBody: validator(updateChannelBodySchema, 'channel update'),
  historyQuery: validator(historyQuerySchema, 'history query'),
  searchQuery: validator(searchQuerySchema, 'search query'),
  chatPayload: validator(chatPayloadSchema, 'chat payload'),
  channelsPayload: validator(channelsPayloadSchema, 'channels payload'),
  readPayload: validator(readPayloadSchema, 'read payload'),
  typingPayload: validator(typingPayloadSchema, 'typing payload'),
  reactPayload: validator(reactPayloadSchema, 'react payload'),
};
