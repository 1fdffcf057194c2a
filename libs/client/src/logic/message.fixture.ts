import type { Message } from '@app/shared';

/** Builds a stored message for specs; only what a test cares about needs to be given. */
export function storedMessage(seq: number, overrides: Partial<Message> = {}): Message {
  return {
    id: `m-${seq}`,
    communityId: 'c-1',
    channelId: 'ch-1',
    seq,
    author: { id: 'u-bob', username: 'bob' },
    content: `message ${seq}`,
    clientMsgId: `cm-${seq}`,
    createdAt: new Date(Date.UTC(2024, 0, 1, 12, 0, seq)).toISOString(),
    editedAt: null,
    deletedAt: null,
    ...overrides,
  };
}

export function seqs(messages: readonly Message[]): number[] {
  return messages.map((m) => m.seq);
}
