import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import type { SqlExecutor } from '../database/sql-executor';

/** A message a reaction is about, locked against other reactions and its deletion. */
export interface ReactedMessageRow {
  channel_id: string;
  community_id: string;
  deleted: boolean;
}

@Injectable()
export class ReactionsRepository {
  constructor(private readonly db: Database) {}

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * NO KEY UPDATE: reactions to one message take turns (so the distinct-emoji limit holds), and a
   * delete (the writer's FOR UPDATE) cannot slip in between the check and the insert.
   */
  async lockMessage(tx: SqlExecutor, messageId: string): Promise<ReactedMessageRow | undefined> {
    const [row] = await tx.query<ReactedMessageRow>(
      'SELECT channel_id, community_id, (deleted_at IS NOT NULL) AS deleted FROM messages WHERE id = $1 FOR NO KEY UPDATE',
      [messageId],
    );
    return row;
  }

  /** The member's username, or undefined when the user is not in the channel. */
  async channelMemberName(tx: SqlExecutor, channelId: string, userId: string): Promise<string | undefined> {
    const [row] = await tx.query<{ username: string }>(
      'SELECT u.username FROM channel_members chm JOIN users u ON u.id = chm.user_id WHERE chm.channel_id = $1 AND chm.user_id = $2',
      [channelId, userId],
    );
    return row?.username;
  }

  /** Whether the emoji is on the message already, and how many distinct emoji the message has. */
  async emojiState(tx: SqlExecutor, messageId: string, emoji: string): Promise<{ present: boolean; distinct: number }> {
    const [row] = await tx.query<{ present: boolean; distinct: number }>(
      `SELECT bool_or(emoji = $2) IS TRUE AS present, count(DISTINCT emoji)::int AS distinct FROM message_reactions WHERE message_id = $1`,
      [messageId, emoji],
    );
    return row;
  }

  /** True when the row was new. */
  async add(tx: SqlExecutor, r: { messageId: string; emoji: string; userId: string; channelId: string }): Promise<boolean> {
    const rows = await tx.query(
      `INSERT INTO message_reactions (message_id, emoji, user_id, channel_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [r.messageId, r.emoji, r.userId, r.channelId],
    );
    return rows.length > 0;
  }

  /** True when there was a row to remove. */
  async remove(tx: SqlExecutor, r: { messageId: string; emoji: string; userId: string }): Promise<boolean> {
    const rows = await tx.query('DELETE FROM message_reactions WHERE message_id = $1 AND emoji = $2 AND user_id = $3 RETURNING 1', [
      r.messageId,
      r.emoji,
      r.userId,
    ]);
    return rows.length > 0;
  }

  async count(tx: SqlExecutor, messageId: string, emoji: string): Promise<number> {
    const [row] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM message_reactions WHERE message_id = $1 AND emoji = $2', [
      messageId,
      emoji,
    ]);
    return row.n;
  }
}
