import { countMentions, mentionsMe } from './mentions';
import { storedMessage } from './message.fixture';

describe('mentions', () => {
  const me = 'me';
  it('knows a message that names me or everyone', () => {
    expect(mentionsMe(storedMessage(1, { mentions: ['x', me] }), me)).toBe(true);
    expect(mentionsMe(storedMessage(1, { mentionsChannel: true }), me)).toBe(true);
    expect(mentionsMe(storedMessage(1, { mentions: ['x'] }), me)).toBe(false);
  });

  it('counts unread mentions above the marker, not deleted, not mine; every unread one in a DM', () => {
    const messages = [
      storedMessage(1, { mentions: [me] }),
      storedMessage(2, { mentions: [me] }),
      storedMessage(3, { mentionsChannel: true, deletedAt: '2026-01-01T00:00:00.000Z' }),
      storedMessage(4, { mentionsChannel: true, author: { id: me, username: 'me' } }),
      storedMessage(5, {}),
      storedMessage(6, { mentionsChannel: true }),
    ];
    expect(countMentions(messages, 1, me, 'channel')).toBe(2);
    expect(countMentions(messages, 1, me, 'dm')).toBe(3);
  });
});
