import type { Message, ReactionBroadcast } from '@app/shared';
import { mapMessages, withReaction, withThreadUpdate } from './message-annotations';

const me = { id: 'me', username: 'me' };
const bob = { id: 'bob', username: 'bob' };

const message = (extra: Partial<Message> = {}): Message => ({
  id: 'm1',
  communityId: 'c',
  channelId: 'ch',
  seq: 1,
  author: bob,
  content: 'hi',
  clientMsgId: 'x',
  createdAt: '2026-01-01T00:00:00.000Z',
  editedAt: null,
  deletedAt: null,
  ...extra,
});

const reaction = (extra: Partial<ReactionBroadcast>): ReactionBroadcast => ({
  channelId: 'ch',
  messageId: 'm1',
  emoji: '👍',
  user: bob,
  action: 'add',
  count: 1,
  ...extra,
});

describe('withReaction', () => {
  it('adds, counts absolutely, marks mine, and removes at zero', () => {
    const one = withReaction(message(), reaction({}), me.id);
    expect(one.reactions).toEqual([{ emoji: '👍', count: 1, me: false }]);
    const two = withReaction(one, reaction({ user: me, count: 2 }), me.id);
    expect(two.reactions).toEqual([{ emoji: '👍', count: 2, me: true }]);
    // The same broadcast again (or the ack after it) changes nothing.
    expect(withReaction(two, reaction({ user: me, count: 2 }), me.id)).toBe(two);
    const back = withReaction(two, reaction({ user: me, action: 'remove', count: 1 }), me.id);
    expect(back.reactions).toEqual([{ emoji: '👍', count: 1, me: false }]);
    const none = withReaction(back, reaction({ action: 'remove', count: 0 }), me.id);
    expect(none.reactions).toBeUndefined();
    expect('reactions' in none).toBe(false);
  });

  it('keeps emoji order and leaves other messages alone', () => {
    const a = withReaction(message(), reaction({ emoji: '🎉' }), me.id);
    const b = withReaction(a, reaction({ emoji: '👍' }), me.id);
    expect(b.reactions?.map((r) => r.emoji)).toEqual(['🎉', '👍']);
    const other = message({ id: 'm2' });
    expect(withReaction(other, reaction({}), me.id)).toBe(other);
  });
});

describe('withThreadUpdate', () => {
  const update = (replyCount: number, lastReplyAt: string) => ({
    channelId: 'ch',
    rootId: 'm1',
    thread: { replyCount, lastReplyAt, participants: [bob] },
  });

  it('sets the summary on the root only, and ignores an older one', () => {
    const root = withThreadUpdate(message(), update(2, '2026-01-01T00:00:02.000Z'));
    expect(root.thread?.replyCount).toBe(2);
    expect(withThreadUpdate(root, update(1, '2026-01-01T00:00:01.000Z'))).toBe(root);
    // A delete keeps the last reply time and lowers the count: same time, applied.
    expect(withThreadUpdate(root, update(1, '2026-01-01T00:00:02.000Z')).thread?.replyCount).toBe(1);
    const other = message({ id: 'm2' });
    expect(withThreadUpdate(other, update(1, '2026-01-01T00:00:01.000Z'))).toBe(other);
  });

  it('mapMessages returns the same list when nothing changed', () => {
    const list = [message({ id: 'a' }), message({ id: 'b' })];
    expect(mapMessages(list, (m) => m)).toBe(list);
    expect(mapMessages(list, (m) => (m.id === 'b' ? { ...m, content: 'x' } : m))).not.toBe(list);
  });
});
