import unicodeEmoji from 'emojibase-data/meta/unicode.json';

/**
 * Every emoji of the Unicode set (emojibase's list: each emoji in its fully-qualified, minimally
 * qualified and text forms, skin tones included), so a reaction is a real emoji and never free text.
 * Built on first use: servers that never validate a reaction never pay for the set.
 */
let known: ReadonlySet<string> | undefined;

export function isKnownEmoji(value: string): boolean {
  known ??= new Set(unicodeEmoji as string[]);
  return known.has(value);
}
