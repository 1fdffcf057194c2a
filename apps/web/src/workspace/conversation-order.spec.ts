import { stepConversation } from './conversation-order';

describe('stepConversation', () => {
  it('moves through the sidebar order and wraps around', () => {
    const order = ['a', 'b', 'c'];
    expect(stepConversation(order, 'a', 1)).toBe('b');
    expect(stepConversation(order, 'c', 1)).toBe('a');
    expect(stepConversation(order, 'a', -1)).toBe('c');
    expect(stepConversation(order, null, -1)).toBe('c');
    expect(stepConversation([], 'a', 1)).toBeNull();
  });
});
