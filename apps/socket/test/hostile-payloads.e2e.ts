import { randomUUID } from 'node:crypto';
import { ERROR_CODES } from '@app/shared';
import fc from 'fast-check';
import { hostile } from '../../../test/support/hostile-input';
import { querySql } from '../../api/test/support';
import { channelWorld, useChatStack } from './support/chat-stack';
import { rawAck, type TestClient } from './support/socket-clients';

const CODES = new Set<string>(ERROR_CODES);
const isContractError = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  CODES.has((error as { code?: unknown }).code as string) &&
  typeof (error as { message?: unknown }).message === 'string';

/**
 * Every socket event, fed hostile payloads (fast-check): always an ack in the event's own shape with
 * a contract error or a success, never a hung ack, a crash, or a row stored without `written: true`.
 */
describe('hostile socket payloads (property-based)', () => {
  const lifted = { perSecond: 100_000, burst: 100_000 };
  const stack = useChatStack({ chatRate: lifted, eventRate: lifted });

  it('answers every event with its ack shape and stores nothing it did not ack', async () => {
    const { community, channel, owner } = await channelWorld(stack.api.url, { members: 0 });
    const socket: TestClient = await stack.connect(owner, community);
    const [message] = (await querySql<{ id: string }>('SELECT id FROM messages WHERE channel_id = $1', [channel.id])).concat({
      id: randomUUID(),
    });
    const bases: Record<string, Record<string, unknown>> = {
      chat: { chatType: 'new', channelId: channel.id, content: 'hi', clientMsgId: 'c1' },
      join: { channels: [channel.id] },
      leave: { channels: [channel.id] },
      read: { channelId: channel.id, seq: 0 },
      typing: { channelId: channel.id },
      react: { channelId: channel.id, messageId: message.id, emoji: '👍', action: 'add' },
      nonsense: { x: 1 },
    };
    // Acked messages by id: a variant that keeps clientMsgId 'c1' is a retry of the first, answered with the same stored row.
    const written = new Set<string>();
    for (const [event, base] of Object.entries(bases)) {
      await fc.assert(
        fc.asyncProperty(hostile(base), async (payload) => {
          const ack = (await rawAck(socket, event, [payload], 5000)) as Record<string, unknown>;
          if (event === 'chat') {
            if (ack.written === true) written.add((ack.chatInfo as { id: string }).id);
            else expect(ack.written === false && isContractError(ack.error)).toBe(true);
          } else if (event === 'join') {
            expect(Array.isArray(ack.joined) && Array.isArray(ack.rejected)).toBe(true);
          } else if (event === 'leave') {
            expect(Array.isArray(ack.left)).toBe(true);
          } else if (event === 'react') {
            expect(ack.ok === true || (ack.ok === false && isContractError(ack.error))).toBe(true);
          } else if ('error' in ack) {
            expect(isContractError(ack.error)).toBe(true);
          }
        }),
        { numRuns: 40 },
      );
    }
    expect(socket.connected).toBe(true);
    const rows = await querySql<{ id: string }>('SELECT id FROM messages WHERE channel_id = $1', [channel.id]);
    expect(rows.map((r) => r.id).sort()).toEqual([...written].sort());
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
