import { ChatOutcomes } from './chat-outcomes';

describe('ChatOutcomes', () => {
  it('counts by chat type and result, and reports only what happened', () => {
    const outcomes = new ChatOutcomes();
    outcomes.written('new');
    outcomes.written('new');
    outcomes.written('delete');
    outcomes.refused({ chatType: 'modify' }, 'forbidden');
    outcomes.refused({ chatType: 'modify' }, 'internal_error');
    expect(outcomes.snapshot()).toEqual([
      { chatType: 'new', result: 'written', count: 2 },
      { chatType: 'modify', result: 'forbidden', count: 1 },
      { chatType: 'modify', result: 'internal_error', count: 1 },
      { chatType: 'delete', result: 'written', count: 1 },
    ]);
  });

  it('never makes a label value from what a client sent', () => {
    const outcomes = new ChatOutcomes();
    for (const payload of [{ chatType: 'shout' }, { chatType: { toString: () => 'new' } }, 'new', null, undefined, ['new']]) {
      outcomes.refused(payload, 'validation_failed');
    }
    expect(outcomes.snapshot()).toEqual([{ chatType: 'unknown', result: 'validation_failed', count: 6 }]);
  });
});
