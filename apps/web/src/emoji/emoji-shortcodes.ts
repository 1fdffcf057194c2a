import iamcalShortcodes from 'emojibase-data/en/shortcodes/iamcal.json';

const VARIATION_SELECTOR_16 = '\uFE0F';

/**
 * `:shortcode:` names from emojibase's iamcal set: the names Slack (and emoji-picker-react's data) use,
 * so `:smile:`, `:+1:` and `:tada:` mean here what people already type elsewhere.
 */
export const EMOJI_SHORTCODES: Readonly<Record<string, string>> = buildShortcodes(iamcalShortcodes);

/** `{ hexcode: name | names }` (emojibase's shortcode file shape) to `{ name: emoji }`. */
export function buildShortcodes(byHexcode: Record<string, string | string[]>): Record<string, string> {
  const byName: Record<string, string> = {};
  for (const [hexcode, names] of Object.entries(byHexcode)) {
    const emoji = emojiFromHexcode(hexcode);
    for (const name of Array.isArray(names) ? names : [names]) byName[name] = emoji;
  }
  return byName;
}

/**
 * `1F44D` or `1F468-200D-1F4BB` to the characters. emojibase's shortcode keys drop the emoji variation
 * selector, so a lone code point that is text by default (❤ U+2764, ☀ U+2600) gets it back; without it
 * browsers may draw a black glyph instead of the emoji.
 */
export function emojiFromHexcode(hexcode: string): string {
  const codePoints = hexcode.split('-').map((hex) => Number.parseInt(hex, 16));
  const text = String.fromCodePoint(...codePoints);
  return codePoints.length === 1 && !/\p{Emoji_Presentation}/u.test(text) ? text + VARIATION_SELECTOR_16 : text;
}
