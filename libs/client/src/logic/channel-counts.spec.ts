import { emptyChannel, type ChannelState } from '../store/chat-state';
import { applyServerCounts } from './channel-counts';
import { storedMessage } from './message.fixture';

function channel(patch: Partial<ChannelState>): ChannelState {
  return { ...emptyChannel('ch-1', 'c-1', 'general'), ...patch };
}

describe('applyServerCounts', () => {
  it('takes the server counts for a channel not opened yet', () => {
    const next = applyServerCounts(channel({}), { lastSeq: 9, lastReadSeq: 4, unread: 5 }, 'u-me');
    expect(next).toMatchObject({ lastSeq: 9, lastReadSeq: 4, unread: 5 });
  });

  it('never moves the read marker back when the server has not seen a newer one yet', () => {
    const local = channel({ lastSeq: 9, lastReadSeq: 9, unread: 0 });
    expect(applyServerCounts(local, { lastSeq: 9, lastReadSeq: 4, unread: 5 }, 'u-me')).toBe(local);
  });

  it('counts exactly from a loaded window that covers everything after the marker', () => {
    const messages = [storedMessage(1), storedMessage(2), storedMessage(3, { author: { id: 'u-me', username: 'me' } })];
    const local = channel({ loaded: true, messages, lastSeq: 3, lastReadSeq: 0, unread: 0 });
    expect(applyServerCounts(local, { lastSeq: 3, lastReadSeq: 1, unread: 7 }, 'u-me')).toMatchObject({ lastReadSeq: 1, unread: 1 });
  });
});
