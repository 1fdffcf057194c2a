import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ErrorInfo, InternalChatResult, NewChatPayload } from '@app/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { classifyDatabaseError } from '../common/postgres-errors';
import { queryOne, queryRows } from '../database/query-rows';
import { type ValidChatCommand, parseChatCommand } from './chat-command';
import { applyEdit } from './message-edit';
import { MESSAGE_COLUMNS, type MessageRow, toMessage } from './message-row';

type NewCommand = ValidChatCommand & { chat: NewChatPayload };

interface LockedChannel {
  id: string;
  community_id: string;
  last_seq: string;
}

interface AuthorRights {
  id: string;
  in_community: boolean;
  in_channel: boolean;
}

const fail = (code: ErrorInfo['code'], message: string): InternalChatResult => ({ ok: false, error: { code, message } });

/**
 * The only write path for messages. Per channel, one transaction holds the channel row lock while
 * it re-checks rights, resolves idempotent repeats and hands out seqs, so seqs are contiguous
 * and each (channel, author, clientMsgId) is stored once, however many writers race.
 */
@Injectable()
export class MessageWriterService {
  private readonly logger = new Logger(MessageWriterService.name);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * `results[i]` answers `commands[i]`; a failing command never fails the others. Commands are typed
   * `unknown` because each is validated here, whoever sent it.
   */
  async writeBatch(commands: readonly unknown[]): Promise<InternalChatResult[]> {
    const results: InternalChatResult[] = new Array(commands.length);
    const byChannel = new Map<string, ValidChatCommand[]>();
    commands.forEach((raw, index) => {
      const parsed = parseChatCommand(raw, index);
      if (!parsed.ok) {
        results[index] = { ok: false, error: parsed.error };
        return;
      }
      const group = byChannel.get(parsed.command.chat.channelId) ?? [];
      group.push(parsed.command);
      byChannel.set(parsed.command.chat.channelId, group);
    });
    // Channels are independent: each transaction locks exactly one channel row, so they cannot deadlock.
    await Promise.all([...byChannel].map(([channelId, group]) => this.writeChannel(channelId, group, results)));
    return results;
  }

  private async writeChannel(channelId: string, group: ValidChatCommand[], results: InternalChatResult[]): Promise<void> {
    const outcomes = new Map<number, InternalChatResult>();
    try {
      await this.db.transaction(async (tx) => {
        // NO KEY UPDATE: serializes writers of this channel, yet lets inserts referencing it (joins) proceed.
        const channel = await queryOne<LockedChannel>(
          tx,
          'SELECT id, community_id, last_seq FROM channels WHERE id = $1 FOR NO KEY UPDATE',
          [channelId],
        );
        const allowed = channel ? await this.checkRights(tx, channel, group, outcomes) : [];
        if (!channel) group.forEach((c) => outcomes.set(c.index, fail('not_found', 'no such channel')));

        const news = allowed.filter((c): c is NewCommand => c.chat.chatType === 'new');
        if (channel && news.length > 0) await this.insertNew(tx, channel, news, outcomes);
        // Edits run in command order, so "modify then delete" in one batch means what it says.
        for (const command of allowed) {
          if (command.chat.chatType !== 'new') outcomes.set(command.index, await applyEdit(tx, command.userId, command.chat));
        }
      });
    } catch (err) {
      const code = classifyDatabaseError(err) === 'unavailable' ? 'unavailable' : 'internal_error';
      this.logger.error(`writing ${group.length} command(s) to channel ${channelId} failed: ${(err as Error).stack ?? String(err)}`);
      for (const command of group) results[command.index] = fail(code, 'the message could not be stored, try again');
      return;
    }
    for (const command of group) results[command.index] = outcomes.get(command.index)!;
  }

  /** Rights are read under the channel lock, so they hold for the whole write. */
  private async checkRights(
    tx: EntityManager,
    channel: LockedChannel,
    group: ValidChatCommand[],
    outcomes: Map<number, InternalChatResult>,
  ): Promise<ValidChatCommand[]> {
    const authorIds = [...new Set(group.map((c) => c.userId))];
    const rights = await queryRows<AuthorRights>(
      tx,
      `SELECT u.id, (cm.user_id IS NOT NULL) AS in_community, (chm.user_id IS NOT NULL) AS in_channel
         FROM users u
         LEFT JOIN community_members cm ON cm.community_id = $2 AND cm.user_id = u.id
         LEFT JOIN channel_members chm ON chm.channel_id = $1 AND chm.user_id = u.id
        WHERE u.id = ANY($3::uuid[])`,
      [channel.id, channel.community_id, authorIds],
    );
    const byAuthor = new Map(rights.map((r) => [r.id, r]));
    return group.filter((command) => {
      const right = byAuthor.get(command.userId);
      if (command.communityId !== channel.community_id) {
        outcomes.set(command.index, fail('not_found', 'no such channel in this community'));
      } else if (!right?.in_community) {
        outcomes.set(command.index, fail('forbidden', 'not a member of this community'));
      } else if (!right.in_channel) {
        outcomes.set(command.index, fail('forbidden', 'not a member of this channel'));
      } else {
        return true;
      }
      return false;
    });
  }

  private async insertNew(tx: EntityManager, channel: LockedChannel, news: NewCommand[], outcomes: Map<number, InternalChatResult>): Promise<void> {
    const keyOf = (authorId: string, clientMsgId: string) => `${authorId}\u0000${clientMsgId}`;
    const stored = await queryRows<MessageRow>(
      tx,
      `SELECT ${MESSAGE_COLUMNS}
         FROM messages m JOIN users u ON u.id = m.author_id
        WHERE m.channel_id = $1
          AND (m.author_id, m.client_msg_id) IN (SELECT * FROM unnest($2::uuid[], $3::text[]))`,
      [channel.id, news.map((c) => c.userId), news.map((c) => c.chat.clientMsgId)],
    );
    const existing = new Map(stored.map((row) => [keyOf(row.author_id, row.client_msg_id), row]));

    // First occurrence of each key is written; later repeats in this batch answer with the same row.
    const fresh = new Map<string, NewCommand>();
    for (const command of news) {
      const key = keyOf(command.userId, command.chat.clientMsgId);
      if (!existing.has(key) && !fresh.has(key)) fresh.set(key, command);
    }
    if (fresh.size > 0) {
      const rows = [...fresh.values()];
      const firstSeq = Number(channel.last_seq) + 1;
      const inserted = await queryRows<MessageRow>(
        tx,
        `WITH m AS (
           INSERT INTO messages (community_id, channel_id, seq, author_id, content, client_msg_id)
           SELECT $1, $2, s.seq, s.author_id, s.content, s.client_msg_id
             FROM unnest($3::bigint[], $4::uuid[], $5::text[], $6::text[]) AS s (seq, author_id, content, client_msg_id)
           RETURNING *)
         SELECT ${MESSAGE_COLUMNS} FROM m JOIN users u ON u.id = m.author_id`,
        [
          channel.community_id,
          channel.id,
          rows.map((_, i) => firstSeq + i),
          rows.map((c) => c.userId),
          rows.map((c) => c.chat.content),
          rows.map((c) => c.chat.clientMsgId),
        ],
      );
      await tx.query('UPDATE channels SET last_seq = $2 WHERE id = $1', [channel.id, firstSeq + rows.length - 1]);
      for (const row of inserted) existing.set(keyOf(row.author_id, row.client_msg_id), row);
    }
    for (const command of news) {
      outcomes.set(command.index, { ok: true, message: toMessage(existing.get(keyOf(command.userId, command.chat.clientMsgId))!) });
    }
  }
}
