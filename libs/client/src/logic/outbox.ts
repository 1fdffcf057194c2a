import type { Attachment, ErrorInfo, Message } from '@app/shared';
import { decideRetry, DEFAULT_RETRY_POLICY, isTransient, type RetryPolicy } from './retry-policy';

export type OutgoingStatus = 'pending' | 'failed';

/** A message of mine not yet confirmed by the server. It leaves the outbox once a stored copy is known. */
export interface OutgoingMessage {
  /** Chosen once and reused by every retry: the server's idempotency key. */
  clientMsgId: string;
  channelId: string;
  content: string;
  /** Set for a thread reply: the root it answers. */
  threadRootId?: string;
  /** Files uploaded beforehand and sent with it (their ids go in the payload). */
  attachments?: Attachment[];
  createdAt: string;
  status: OutgoingStatus;
  /** Sends so far (each emit counts, retries included). */
  attempts: number;
  error?: ErrorInfo;
  /** Epoch ms of the next automatic retry; null when only a manual retry (or a reconnect) will send it. */
  nextRetryAt: number | null;
}

export function createOutgoing(
  channelId: string,
  content: string,
  clientMsgId: string,
  now: Date,
  threadRootId?: string,
  attachments?: Attachment[],
): OutgoingMessage {
  const entry: OutgoingMessage = {
    clientMsgId,
    channelId,
    content,
    createdAt: now.toISOString(),
    status: 'pending',
    attempts: 0,
    nextRetryAt: null,
  };
  if (threadRootId) entry.threadRootId = threadRootId;
  if (attachments && attachments.length > 0) entry.attachments = attachments;
  return entry;
}

function update(outbox: readonly OutgoingMessage[], clientMsgId: string, fn: (entry: OutgoingMessage) => OutgoingMessage): OutgoingMessage[] {
  let found = false;
  const next = outbox.map((entry) => {
    if (entry.clientMsgId !== clientMsgId) return entry;
    found = true;
    return fn(entry);
  });
  return found ? next : (outbox as OutgoingMessage[]);
}

/** Just before an emit: the entry shows as pending again and counts the attempt. */
export function markSending(outbox: readonly OutgoingMessage[], clientMsgId: string): OutgoingMessage[] {
  return update(outbox, clientMsgId, (e) => ({ ...e, status: 'pending', attempts: e.attempts + 1, error: undefined, nextRetryAt: null }));
}

/** A failed send is shown as failed at once; transient failures also get an automatic retry time. */
export function markFailed(
  outbox: readonly OutgoingMessage[],
  clientMsgId: string,
  error: ErrorInfo,
  now: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): OutgoingMessage[] {
  return update(outbox, clientMsgId, (e) => {
    const decision = decideRetry(error.code, e.attempts, policy, random);
    return { ...e, status: 'failed', error, nextRetryAt: decision.retry ? now + decision.delayMs : null };
  });
}

export function removeOutgoing(outbox: readonly OutgoingMessage[], clientMsgIds: Iterable<string>): OutgoingMessage[] {
  const ids = new Set(clientMsgIds);
  if (ids.size === 0) return outbox as OutgoingMessage[];
  const next = outbox.filter((e) => !ids.has(e.clientMsgId));
  return next.length === outbox.length ? (outbox as OutgoingMessage[]) : next;
}

/**
 * Drops entries whose stored copy is known (from an ack, a broadcast to another tab, or a gap
 * fill after a reconnect), so a message is never shown twice.
 */
export function reconcileWithStored(outbox: readonly OutgoingMessage[], stored: readonly Message[], myUserId: string): OutgoingMessage[] {
  if (outbox.length === 0) return outbox as OutgoingMessage[];
  const mine = stored.filter((m) => m.author.id === myUserId).map((m) => m.clientMsgId);
  return removeOutgoing(outbox, mine);
}

/** Failed entries whose automatic retry time has come. */
export function dueForRetry(outbox: readonly OutgoingMessage[], now: number): OutgoingMessage[] {
  return outbox.filter((e) => e.status === 'failed' && e.nextRetryAt !== null && e.nextRetryAt <= now);
}

/**
 * What to send again once the connection is back: everything still pending (its ack may have been
 * lost with the connection) and every transient failure, even one past its automatic budget: a
 * reconnect is a fresh chance. Oldest first, so the server assigns seqs in the order the user wrote.
 */
export function toResendOnReconnect(outbox: readonly OutgoingMessage[]): OutgoingMessage[] {
  return outbox
    .filter((e) => e.status === 'pending' || e.nextRetryAt !== null || (e.error !== undefined && isTransient(e.error.code)))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** The earliest automatic retry time, to arm a single timer. */
export function nextRetryTime(outbox: readonly OutgoingMessage[]): number | null {
  let earliest: number | null = null;
  for (const e of outbox) if (e.nextRetryAt !== null && (earliest === null || e.nextRetryAt < earliest)) earliest = e.nextRetryAt;
  return earliest;
}
