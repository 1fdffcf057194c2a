import { randomUUID } from 'node:crypto';
import type { InternalChatCommand } from '@app/shared';
import { DatabaseError } from 'pg';
import type { Database } from '../database/database';
import { CLIENT_MSG_KEY } from './batch-sql';
import { MessageWriterService } from './message-writer.service';
import type { MessagesRepository, ReturnedOrRepeat } from './messages.repository';

const CHANNEL = randomUUID();
const COMMUNITY = randomUUID();
const [PROBER, MEMBER] = [randomUUID(), randomUUID()];

function uniqueViolation(): DatabaseError {
  const err = new DatabaseError('duplicate key value violates unique constraint', 0, 'error');
  err.code = '23505';
  err.constraint = CLIENT_MSG_KEY;
  return err;
}

/**
 * The writer against a scripted repository: a repeat whose stored key matches no command of the batch
 * (the database stored it altered) must refuse that author's command alone, not the batch.
 */
describe('MessageWriterService, repeats that match no command', () => {
  it('refuses only the commands it cannot match; the rest of the channel is written', async () => {
    const insertRounds: unknown[][] = [];
    const repo: Partial<Record<keyof MessagesRepository, unknown>> = {
      lockChannels: () => Promise.resolve([{ id: CHANNEL, community_id: COMMUNITY, last_seq: '5' }]),
      authorRights: () =>
        Promise.resolve([
          { ord: 1, username: 'prober', in_community: true, in_channel: true, last_author_seq: '1' },
          { ord: 2, username: 'member', in_community: true, in_channel: true, last_author_seq: '0' },
        ]),
      insertNewAndMoveCounters: () => Promise.reject(uniqueViolation()),
      savepoint: () => Promise.resolve(),
      rollbackToSavepoint: () => Promise.resolve(),
      moveCounters: () => Promise.resolve(),
      storedRepeats: () => Promise.resolve([]),
      countDeletionsAboveMarkers: () => Promise.resolve(),
      insertFindingRepeats: (_tx: unknown, values: unknown[]): Promise<ReturnedOrRepeat[]> => {
        insertRounds.push(values);
        const created_at = new Date();
        // First round: the prober's key conflicts with a row stored under another spelling of it.
        if (insertRounds.length === 1) {
          return Promise.resolve([
            { id: randomUUID(), channel_id: CHANNEL, seq: '3', created_at, author_id: PROBER, client_msg_id: 'id\ufffd' },
            { id: randomUUID(), channel_id: CHANNEL, seq: '7', created_at, author_id: MEMBER, client_msg_id: 'm-1' },
          ]);
        }
        return Promise.resolve([{ id: randomUUID(), channel_id: CHANNEL, seq: '6', created_at, author_id: MEMBER, client_msg_id: 'm-1' }]);
      },
    };
    const db = { transaction: <T>(work: (tx: unknown) => Promise<T>) => work({}) } as unknown as Database;
    const writer = new MessageWriterService(db, repo as MessagesRepository);
    const command = (userId: string, clientMsgId: string): InternalChatCommand => ({
      userId,
      communityId: COMMUNITY,
      chat: { chatType: 'new', channelId: CHANNEL, content: 'hi', clientMsgId },
    });

    const [probe, member] = await writer.writeBatch([command(PROBER, 'id-sent'), command(MEMBER, 'm-1')]);

    expect(probe).toEqual({ ok: false, error: { code: 'validation_failed', message: expect.stringContaining('clientMsgId') } });
    expect(member).toMatchObject({ ok: true, message: { seq: 6, clientMsgId: 'm-1', author: { id: MEMBER } } });
    // The second round wrote the member's message alone.
    expect(insertRounds).toHaveLength(2);
  });
});
