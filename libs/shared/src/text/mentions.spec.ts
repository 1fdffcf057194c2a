import { LIMITS } from '../contract/limits';
import { findMentions } from './mentions';

describe('findMentions', () => {
  it('finds usernames and channel-wide words, each name once, in order', () => {
    expect(findMentions('@bob hi @alice.w and @bob again, @here')).toEqual({ usernames: ['bob', 'alice.w'], channelWide: true });
    expect(findMentions('ping @channel')).toEqual({ usernames: [], channelWide: true });
  });

  it('takes trailing punctuation off a name', () => {
    expect(findMentions('thanks @bob. and @carol-!')).toEqual({ usernames: ['bob', 'carol'], channelWide: false });
  });

  it('ignores e-mail addresses, code and a lone @', () => {
    expect(findMentions('mail bob@example.org or x@y')).toEqual({ usernames: [], channelWide: false });
    expect(findMentions('run `@bob` then\n```\n@carol @here\n```\n@ alone')).toEqual({ usernames: [], channelWide: false });
  });

  it('finds a name after punctuation and non-Latin text', () => {
    expect(findMentions('(@bob) 안녕 @민수 @dave')).toEqual({ usernames: ['bob', 'dave'], channelWide: false });
  });

  it('keeps at most the limit of distinct names', () => {
    const names = Array.from({ length: LIMITS.mentionsPerMessageMax + 5 }, (_, i) => `u${i}`);
    expect(findMentions(names.map((n) => `@${n}`).join(' ')).usernames).toEqual(names.slice(0, LIMITS.mentionsPerMessageMax));
  });
});
