import { completeMention, mentionQueryAt, rankNames } from './mention-query';

describe('mention autocomplete', () => {
  it('finds the @name being typed before the caret, not an address or a finished word', () => {
    expect(mentionQueryAt('hi @bo', 6)).toEqual({ query: 'bo', start: 3 });
    expect(mentionQueryAt('@', 1)).toEqual({ query: '', start: 0 });
    expect(mentionQueryAt('mail bob@ex', 11)).toBeNull();
    expect(mentionQueryAt('hi @bob there', 13)).toBeNull();
  });

  it('ranks prefix matches first and completes with a trailing space', () => {
    expect(rankNames(['alice', 'bob', 'Bobby', 'jimbo'], 'bo')).toEqual(['bob', 'Bobby', 'jimbo']);
    expect(completeMention('hi @bo!', 3, 6, 'bob')).toEqual({ text: 'hi @bob !', caret: 8 });
  });
});
