import { DomainError } from '@app/shared';
import { decodeCursor, encodeCursor } from './search-cursor';
import { MATCH_END, MATCH_START, toSnippet, toTsQuery } from './search-terms';

describe('search terms', () => {
  it('builds a tsquery of prefixed words, phrases and exclusions', () => {
    expect(toTsQuery({ words: ['deploy', '회의'], phrases: [['release', 'notes']], excluded: ['draft'] })).toBe(
      "'deploy':* & '회의':* & ('release' <-> 'notes') & !'draft'",
    );
  });

  it('turns a headline into parts with the matches marked', () => {
    expect(toSnippet(`we ${MATCH_START}deploy${MATCH_END} on ${MATCH_START}friday${MATCH_END}`)).toEqual([
      { text: 'we ' },
      { text: 'deploy', match: true },
      { text: ' on ' },
      { text: 'friday', match: true },
    ]);
    expect(toSnippet('plain')).toEqual([{ text: 'plain' }]);
  });

  it('round-trips cursors and refuses forged ones', () => {
    const cursor = { createdAt: '2026-12-05 10:00:00.123456+00', seq: 7, id: '0b0d8f3e-3c4a-4d8e-9f1a-2b3c4d5e6f70' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const bad of [
      'x',
      forged(['nope', 1, cursor.id]),
      forged({}),
      forged([cursor.createdAt, 0, cursor.id]),
      forged([cursor.createdAt, 1, 'x']),
    ]) {
      expect(() => decodeCursor(bad)).toThrow(DomainError);
    }
  });
});
