import { countUnread, mergeMessages, newerVersion } from './message-merge';
import { seqs, storedMessage } from './message.fixture';

describe('mergeMessages', () => {
  it('appends newer messages in seq order', () => {
    const { messages, added } = mergeMessages([storedMessage(1), storedMessage(2)], [storedMessage(4), storedMessage(3)]);
    expect(seqs(messages)).toEqual([1, 2, 3, 4]);
    expect(seqs(added)).toEqual([3, 4]);
  });

  it('drops duplicates delivered by both a broadcast and a gap fill', () => {
    const existing = [storedMessage(1), storedMessage(2), storedMessage(3)];
    const result = mergeMessages(existing, [storedMessage(2), storedMessage(3), storedMessage(4)]);
    expect(seqs(result.messages)).toEqual([1, 2, 3, 4]);
    expect(seqs(result.added)).toEqual([4]);
  });

  it('returns the same array when nothing is new, so a UI can skip a render', () => {
    const existing = [storedMessage(1), storedMessage(2)];
    const result = mergeMessages(existing, [storedMessage(2)]);
    expect(result.changed).toBe(false);
    expect(result.messages).toBe(existing);
  });

  it('prepends an older history page', () => {
    const { messages } = mergeMessages([storedMessage(51), storedMessage(52)], [storedMessage(49), storedMessage(50)]);
    expect(seqs(messages)).toEqual([49, 50, 51, 52]);
  });

  it('keeps a delete even if an older copy arrives afterwards', () => {
    const deleted = storedMessage(2, { content: '', deletedAt: '2024-01-01T13:00:00.000Z' });
    const afterDelete = mergeMessages([storedMessage(1), deleted], [storedMessage(2)]);
    expect(afterDelete.changed).toBe(false);
    expect(afterDelete.messages[1].deletedAt).not.toBeNull();
  });

  it('replaces a message with its edited version, and ignores a stale one', () => {
    const edited = storedMessage(1, { content: 'fixed', editedAt: '2024-01-01T13:00:00.000Z' });
    const once = mergeMessages([storedMessage(1)], [edited]);
    expect(once.messages[0].content).toBe('fixed');
    expect(once.added).toEqual([]);
    const stale = mergeMessages(once.messages, [storedMessage(1)]);
    expect(stale.messages[0].content).toBe('fixed');
  });
});

describe('newerVersion', () => {
  it('prefers the later edit', () => {
    const first = storedMessage(1, { content: 'a', editedAt: '2024-01-01T13:00:00.000Z' });
    const second = storedMessage(1, { content: 'b', editedAt: '2024-01-01T13:00:01.000Z' });
    expect(newerVersion(second, first)).toBe(second);
    expect(newerVersion(first, second)).toBe(second);
  });
});

describe('countUnread', () => {
  it('counts messages after the marker that are neither deleted nor mine', () => {
    const messages = [
      storedMessage(1),
      storedMessage(2),
      storedMessage(3, { author: { id: 'u-me', username: 'me' } }),
      storedMessage(4, { deletedAt: '2024-01-01T13:00:00.000Z', content: '' }),
      storedMessage(5),
    ];
    expect(countUnread(messages, 1, 'u-me')).toBe(2);
  });
});
