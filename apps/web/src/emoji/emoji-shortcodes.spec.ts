import { buildShortcodes, EMOJI_SHORTCODES, emojiFromHexcode } from './emoji-shortcodes';

describe('emoji shortcodes', () => {
  it('turns hexcodes into the characters, sequences included', () => {
    expect(emojiFromHexcode('1F604')).toBe('😄');
    expect(emojiFromHexcode('1F468-200D-1F4BB')).toBe('👨‍💻');
  });

  it('adds the emoji variation selector to a lone code point that is text by default', () => {
    expect(emojiFromHexcode('2764')).toBe('❤\uFE0F');
    expect(emojiFromHexcode('1F44D')).toBe('👍');
  });

  it('maps every name of an entry, single or several', () => {
    expect(buildShortcodes({ '1F44D': ['+1', 'thumbsup'], '1F604': 'smile' })).toEqual({ '+1': '👍', thumbsup: '👍', smile: '😄' });
  });

  it('comes from the full data set, not a short list', () => {
    expect(EMOJI_SHORTCODES.smile).toBe('😄');
    expect(EMOJI_SHORTCODES.heart).toBe('❤\uFE0F');
    expect(Object.keys(EMOJI_SHORTCODES).length).toBeGreaterThan(1500);
  });
});
