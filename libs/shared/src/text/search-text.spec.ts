import { parseSearchText } from './search-text';

describe('parseSearchText', () => {
  it('takes words, quoted phrases and -excluded words, lower-cased', () => {
    expect(parseSearchText('Deploy "Release Notes" -draft friday')).toEqual({
      ok: true,
      parsed: { words: ['deploy', 'friday'], phrases: [['release', 'notes']], excluded: ['draft'] },
    });
  });

  it('keeps any script and drops every character that could be syntax', () => {
    expect(parseSearchText("회의록 it's a:b & !(x) <-> 'y':*")).toEqual({
      ok: true,
      parsed: { words: ['회의록', 'it', 's', 'a', 'b', 'x', 'y'], phrases: [], excluded: [] },
    });
  });

  it('refuses a search with nothing to look for, or too many words', () => {
    expect(parseSearchText('-only -exclusions').ok).toBe(false);
    expect(parseSearchText('" " & | !').ok).toBe(false);
    expect(parseSearchText(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' ')).ok).toBe(false);
  });

  it('treats a one-word phrase as a word and an unclosed quote as a phrase to the end', () => {
    expect(parseSearchText('"solo" "open ended')).toEqual({ ok: true, parsed: { words: ['solo'], phrases: [['open', 'ended']], excluded: [] } });
  });
});
