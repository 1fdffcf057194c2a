import { floorOfPage, gapToFill, highestContiguousSeq, missingSeqs } from './seq-gaps';
import { mergeMessages } from './message-merge';
import { seqs, storedMessage } from './message.fixture';

describe('highestContiguousSeq', () => {
  it('is the last seq of a window without holes', () => {
    expect(highestContiguousSeq([storedMessage(5), storedMessage(6), storedMessage(7)], 4)).toBe(7);
  });

  it('stops before the first hole', () => {
    expect(highestContiguousSeq([storedMessage(5), storedMessage(6), storedMessage(8)], 4)).toBe(6);
  });

  it('is the floor for an empty window', () => {
    expect(highestContiguousSeq([], 0)).toBe(0);
    expect(highestContiguousSeq([], 12)).toBe(12);
  });

  it('sees a gap when the first live message of a channel opened empty is not seq 1', () => {
    const floor = floorOfPage([]);
    const window = mergeMessages([], [storedMessage(4)]).messages;
    expect(highestContiguousSeq(window, floor)).toBe(0);
    expect(gapToFill(highestContiguousSeq(window, floor), 4)).toEqual({ after: 0, upTo: 4 });
  });

  it('ignores older pages below the floor', () => {
    expect(highestContiguousSeq([storedMessage(1), storedMessage(2), storedMessage(51), storedMessage(52)], 50)).toBe(52);
  });
});

describe('gap fill', () => {
  it('asks for the missing seqs when a broadcast skips one', () => {
    const window = mergeMessages([storedMessage(4), storedMessage(5)], [storedMessage(7)]).messages;
    expect(missingSeqs(window, 7)).toEqual([6]);
    expect(gapToFill(highestContiguousSeq(window, 3), 7)).toEqual({ after: 5, upTo: 7 });
  });

  it('asks for nothing when the window is complete', () => {
    expect(gapToFill(7, 7)).toBeNull();
  });

  it('after a reconnect, fetches from the contiguous top up to the server-reported last seq', () => {
    expect(gapToFill(10, 14)).toEqual({ after: 10, upTo: 14 });
  });

  it('closes the gap once the fetched page is merged, without duplicating what the broadcast delivered', () => {
    let window = mergeMessages([storedMessage(4), storedMessage(5)], [storedMessage(7)]).messages;
    const fetched = [storedMessage(6), storedMessage(7)]; // `?after=5` returns 7 again
    window = mergeMessages(window, fetched).messages;
    expect(seqs(window)).toEqual([4, 5, 6, 7]);
    expect(gapToFill(highestContiguousSeq(window, 3), 7)).toBeNull();
  });
});
