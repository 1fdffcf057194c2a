import { LIMITS } from '../contract/limits';
import { validate } from './validators';

const channelId = '00000000-0000-4000-8000-000000000001';
const messageId = '00000000-0000-4000-8000-000000000002';

describe('validate', () => {
  describe('well-formed Unicode', () => {
    const newChat = (content: string, clientMsgId = 'c-1') => validate.chatPayload({ chatType: 'new', channelId, content, clientMsgId });

    it('refuses lone surrogates in content, clientMsgId and names, and takes paired ones', () => {
      for (const bad of [
        newChat('hi \ud800'),
        newChat('ok', 'id\ud800'),
        newChat('\udc00 first'),
        validate.createChannelBody({ name: 'x\udfff' }),
      ]) {
        expect(bad).toMatchObject({
          ok: false,
          error: { code: 'validation_failed', details: [{ message: expect.stringContaining('well-formed') }] },
        });
      }
      expect(validate.createCommunityBody({ name: 'ok \ud83d' }).ok).toBe(false);
      expect(newChat('party 🎉', 'id-🎉')).toMatchObject({ ok: true, value: { content: 'party 🎉', clientMsgId: 'id-🎉' } });
    });
  });

  describe('threads', () => {
    it('takes an optional threadRootId that must be a UUID', () => {
      const base = { chatType: 'new', channelId, content: 'r', clientMsgId: 'c' };
      expect(validate.chatPayload({ ...base, threadRootId: messageId })).toMatchObject({ ok: true, value: { threadRootId: messageId } });
      expect(validate.chatPayload(base)).toMatchObject({ ok: true });
      expect(validate.chatPayload({ ...base, threadRootId: 'nope' })).toMatchObject({
        ok: false,
        error: { details: [{ path: 'threadRootId' }] },
      });
      // Only new messages answer a root: an edit keeps its place.
      expect(validate.chatPayload({ chatType: 'modify', channelId, messageId, content: 'x', threadRootId: messageId }).ok).toBe(false);
    });
  });

  describe('reactions', () => {
    const react = (emoji: unknown, action: unknown = 'add') => validate.reactPayload({ channelId, messageId, emoji, action });

    it('takes one emoji of the Unicode set, skin tones and ZWJ sequences included', () => {
      for (const emoji of ['👍', '👍🏽', '❤️', '🏳️‍🌈', '👩‍💻', '🇰🇷']) expect(react(emoji)).toMatchObject({ ok: true, value: { emoji } });
      expect(react('👍', 'remove').ok).toBe(true);
    });

    it('refuses text, two emoji, shortcodes, markup, overlong input and unknown actions', () => {
      for (const emoji of ['', 'a', '👍👍', ':thumbsup:', '<b>', '👍'.repeat(LIMITS.emojiMaxChars), '\ud83d', 42, null]) {
        expect(react(emoji)).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
      }
      expect(react('👍', 'toggle')).toMatchObject({ ok: false, error: { details: [{ path: 'action' }] } });
      expect(validate.reactPayload({ channelId, messageId, emoji: '👍', action: 'add', extra: 1 }).ok).toBe(false);
    });
  });
});
