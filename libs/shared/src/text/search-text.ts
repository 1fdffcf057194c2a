import { LIMITS } from '../contract/limits';

/** A search text taken apart: every term is lower-case letters and digits only. */
export interface ParsedSearch {
  /** Words that must all appear; each also matches as a word's beginning ("deplo" finds "deploy"). */
  words: string[];
  /** Runs of words that must appear in this order, next to each other (`"exact phrase"`). */
  phrases: string[][];
  /** Words that must not appear (`-word`). */
  excluded: string[];
}

/** A run of letters, digits and marks (any script: Korean, accented Latin...). */
const TERM = /[\p{L}\p{N}\p{M}]+/gu;
const terms = (text: string): string[] => (text.toLowerCase().match(TERM) ?? []).filter(Boolean);

/**
 * The search language: plain words, `"quoted phrases"` and `-excluded` words. Anything that is not a
 * letter or digit separates terms, so no character of the input reaches the database as syntax.
 * Returns an error text for a search that cannot match anything (no word to look for, or too many).
 */
export function parseSearchText(text: string): { ok: true; parsed: ParsedSearch } | { ok: false; reason: string } {
  const parsed: ParsedSearch = { words: [], phrases: [], excluded: [] };
  const rest = text.replace(/"([^"]*)"?/g, (_all, phrase: string) => {
    const words = terms(phrase);
    if (words.length === 1) parsed.words.push(words[0]);
    else if (words.length > 1) parsed.phrases.push(words);
    return ' ';
  });
  for (const token of rest.split(/\s+/)) {
    if (token.startsWith('-')) parsed.excluded.push(...terms(token.slice(1)));
    else parsed.words.push(...terms(token));
  }
  parsed.words = [...new Set(parsed.words)];
  parsed.excluded = [...new Set(parsed.excluded)];
  const count = parsed.words.length + parsed.phrases.flat().length + parsed.excluded.length;
  if (parsed.words.length === 0 && parsed.phrases.length === 0) return { ok: false, reason: 'give at least one word to look for' };
  if (count > LIMITS.searchTermsMax) return { ok: false, reason: `at most ${LIMITS.searchTermsMax} words in a search` };
  return { ok: true, parsed };
}
