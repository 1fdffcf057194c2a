import type { ParsedSearch, SnippetPart } from '@app/shared';

/** Marks ts_headline puts around matches: private-use characters, taken out of the text first. */
export const MATCH_START = '\uE000';
export const MATCH_END = '\uE001';

/**
 * The tsquery text of a parsed search. Every term is letters and digits only (parseSearchText), so
 * quoting it is enough: nothing the user typed can be tsquery syntax. Words match as prefixes.
 */
export function toTsQuery(terms: ParsedSearch): string {
  const quote = (term: string) => `'${term}'`;
  return [
    ...terms.words.map((w) => `${quote(w)}:*`),
    ...terms.phrases.map((p) => `(${p.map(quote).join(' <-> ')})`),
    ...terms.excluded.map((w) => `!${quote(w)}`),
  ].join(' & ');
}

/** ts_headline's output, in parts; the marks become `match: true`. */
export function toSnippet(headline: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let rest = headline;
  while (rest.length > 0) {
    const start = rest.indexOf(MATCH_START);
    if (start === -1) {
      parts.push({ text: rest });
      break;
    }
    if (start > 0) parts.push({ text: rest.slice(0, start) });
    const end = rest.indexOf(MATCH_END, start + 1);
    const matched = rest.slice(start + 1, end === -1 ? undefined : end);
    if (matched) parts.push({ text: matched, match: true });
    rest = end === -1 ? '' : rest.slice(end + 1);
  }
  return parts;
}
