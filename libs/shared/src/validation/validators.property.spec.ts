import fc from 'fast-check';
import { anyValue, nearly } from '../../../../test/support/hostile-input';
import { validate } from './validators';

const ID = '3f1c2b9e-8a7d-4c6b-9e5f-0a1b2c3d4e5f';

/** A valid input of each validator, for near-valid variants. */
const VALID: Record<keyof typeof validate, unknown> = {
  loginBody: { username: 'alice' },
  username: 'alice',
  createCommunityBody: { name: 'Acme' },
  addMemberBody: { userId: ID },
  openDirectConversationBody: { userIds: [ID] },
  createChannelBody: { name: 'general', private: false },
  readBody: { seq: 1 },
  updateChannelBody: { topic: 'Plans' },
  historyQuery: { limit: '10' },
  searchQuery: { q: 'release notes' },
  chatPayload: { chatType: 'new', channelId: ID, content: 'hi', clientMsgId: 'c1' },
  channelsPayload: { channels: [ID] },
  readPayload: { channelId: ID, seq: 1 },
  typingPayload: { channelId: ID },
  reactPayload: { channelId: ID, messageId: ID, emoji: '👍', action: 'add' },
};

describe('every validator, on hostile input (fast-check)', () => {
  it.each(Object.keys(VALID) as (keyof typeof validate)[])(
    '%s never throws, answers ok or validation_failed, and never lets a lone surrogate through',
    (name) => {
      const base = VALID[name];
      const inputs = typeof base === 'object' && base !== null ? fc.oneof(anyValue, nearly(base as Record<string, unknown>)) : anyValue;
      fc.assert(
        fc.property(inputs, (input) => {
          const result = validate[name](input);
          if (result.ok) {
            expect(JSON.stringify(result.value)).not.toMatch(/\\ud[89ab][0-9a-f]{2}(?!\\udc)|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i);
            expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          } else {
            expect(result.error.code).toBe('validation_failed');
            expect(result.error.details?.length).toBeGreaterThan(0);
          }
        }),
        { numRuns: 300 },
      );
    },
  );
});
