import { insertAtCursor } from './insert-at-cursor';

describe('insertAtCursor', () => {
  it('inserts at the caret and puts the caret after the insert', () => {
    expect(insertAtCursor('Hello world', 5, 5, '😄')).toEqual({ text: 'Hello😄 world', caret: 7 });
  });

  it('replaces the selection', () => {
    expect(insertAtCursor('Hello world', 6, 11, '🌍')).toEqual({ text: 'Hello 🌍', caret: 8 });
  });

  it('appends when the caret is past the end or unknown', () => {
    expect(insertAtCursor('Hi', 99, 99, '!')).toEqual({ text: 'Hi!', caret: 3 });
    expect(insertAtCursor('Hi', Number.NaN, Number.NaN, '!')).toEqual({ text: 'Hi!', caret: 3 });
  });
});
