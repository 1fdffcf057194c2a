import {
  createOutgoing,
  dueForRetry,
  markFailed,
  markSending,
  nextRetryTime,
  reconcileWithStored,
  toResendOnReconnect,
  type OutgoingMessage,
} from './outbox';
import type { RetryPolicy } from './retry-policy';
import { storedMessage } from './message.fixture';

const policy: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 8000, jitter: 0, maxAutoAttempts: 3 };
const unavailable = { code: 'unavailable' as const, message: 'API down' };
const t0 = new Date('2024-01-01T12:00:00.000Z');

function outboxOf(...ids: string[]): OutgoingMessage[] {
  return ids.map((id, i) => createOutgoing('ch-1', `text ${id}`, id, new Date(t0.getTime() + i)));
}

describe('outbox retry', () => {
  it('keeps the same clientMsgId across attempts and counts them', () => {
    let outbox = outboxOf('a');
    outbox = markSending(outbox, 'a');
    outbox = markFailed(outbox, 'a', unavailable, 0, policy);
    outbox = markSending(outbox, 'a');
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ clientMsgId: 'a', attempts: 2, status: 'pending', error: undefined });
  });

  it('shows a transient failure as failed and schedules an automatic retry', () => {
    const outbox = markFailed(markSending(outboxOf('a'), 'a'), 'a', unavailable, 10_000, policy);
    expect(outbox[0]).toMatchObject({ status: 'failed', error: unavailable, nextRetryAt: 11_000 });
    expect(dueForRetry(outbox, 10_999)).toEqual([]);
    expect(dueForRetry(outbox, 11_000).map((e) => e.clientMsgId)).toEqual(['a']);
    expect(nextRetryTime(outbox)).toBe(11_000);
  });

  it('does not retry a permanent failure automatically', () => {
    const invalid = { code: 'validation_failed' as const, message: 'too long' };
    const outbox = markFailed(markSending(outboxOf('a'), 'a'), 'a', invalid, 0, policy);
    expect(outbox[0].nextRetryAt).toBeNull();
    expect(toResendOnReconnect(outbox)).toEqual([]);
  });

  it('gives up automatic retries after the attempt budget, leaving a manual retry', () => {
    let outbox = outboxOf('a');
    for (let i = 0; i < 3; i++) outbox = markFailed(markSending(outbox, 'a'), 'a', unavailable, 0, policy);
    expect(outbox[0]).toMatchObject({ status: 'failed', attempts: 3, nextRetryAt: null });
    expect(toResendOnReconnect(outbox).map((e) => e.clientMsgId)).toEqual(['a']);
  });

  it('resends pending and retryable messages after a reconnect, oldest first', () => {
    let outbox = outboxOf('first', 'second', 'third');
    outbox = markSending(outbox, 'first'); // in flight when the connection dropped
    outbox = markFailed(markSending(outbox, 'second'), 'second', unavailable, 0, policy);
    outbox = markFailed(markSending(outbox, 'third'), 'third', { code: 'forbidden', message: 'no' }, 0, policy);
    expect(toResendOnReconnect(outbox).map((e) => e.clientMsgId)).toEqual(['first', 'second']);
  });
});

describe('outbox dedupe', () => {
  it('drops an entry once its stored copy is known, so it is never shown twice', () => {
    const outbox = outboxOf('a', 'b');
    const mine = storedMessage(9, { clientMsgId: 'a', author: { id: 'u-me', username: 'me' } });
    expect(reconcileWithStored(outbox, [mine], 'u-me').map((e) => e.clientMsgId)).toEqual(['b']);
  });

  it("ignores another author's message that happens to reuse a clientMsgId", () => {
    const outbox = outboxOf('a');
    const theirs = storedMessage(9, { clientMsgId: 'a' });
    expect(reconcileWithStored(outbox, [theirs], 'u-me')).toBe(outbox);
  });
});
