import { Injectable } from '@nestjs/common';
import type { UserSummary } from '@app/shared';
import { Database } from '../database/database';
import { pgArrayLiteral } from '../database/pg-array-literal';
import { mentionCountSql, unreadCountSql } from '../read-state/unread.sql';

/** A direct conversation as the caller sees it. */
export interface DirectConversationRow {
  id: string;
  community_id: string;
  last_seq: string;
  last_read_seq: string;
  unread: string;
  mentions: string;
  last_message_at: Date | null;
  /** pg parses json: everyone in it by username. */
  members: UserSummary[];
}

const CONVERSATION_COLUMNS = `c.id, c.community_id, c.last_seq, chm.last_read_seq,
  ${unreadCountSql({ channel: 'c', member: 'chm' })} AS unread,
  ${mentionCountSql({ channel: 'c', member: 'chm' })} AS mentions,
  (SELECT m.created_at FROM messages m WHERE m.channel_id = c.id AND m.seq = c.last_seq) AS last_message_at,
  (SELECT json_agg(json_build_object('id', u.id, 'username', u.username) ORDER BY u.username, u.id)
     FROM channel_members x JOIN users u ON u.id = x.user_id WHERE x.channel_id = c.id) AS members`;

/** Direct conversations: channels of kind `dm`, found by their members' key. */
@Injectable()
export class DirectMessagesRepository {
  constructor(private readonly db: Database) {}

  /** Which of these users are members of the community. */
  async communityMembers(communityId: string, userIds: readonly string[]): Promise<string[]> {
    const rows = await this.db.query<{ user_id: string }>(
      'SELECT user_id FROM community_members WHERE community_id = $1 AND user_id = ANY($2::uuid[])',
      [communityId, pgArrayLiteral(userIds)],
    );
    return rows.map((r) => r.user_id);
  }

  /**
   * The conversation of exactly these people (sorted ids), made with all of them in it when there is
   * none. Two people opening it at once: the unique key lets one insert, the other's insert waits for
   * it and does nothing, and the lookup then finds the first one's conversation.
   */
  async open(communityId: string, sortedMemberIds: readonly string[]): Promise<{ id: string; created: boolean }> {
    const key = sortedMemberIds.join(',');
    return this.db.transaction(async (tx) => {
      const [made] = await tx.query<{ id: string }>(
        `INSERT INTO channels (community_id, name, is_private, kind, dm_key) VALUES ($1, '', true, 'dm', $2)
         ON CONFLICT (community_id, dm_key) WHERE dm_key IS NOT NULL DO NOTHING RETURNING id`,
        [communityId, key],
      );
      if (made) {
        // A new channel has no messages: every counter starts at 0.
        await tx.query('INSERT INTO channel_members (channel_id, user_id) SELECT $1, unnest($2::uuid[])', [
          made.id,
          pgArrayLiteral(sortedMemberIds),
        ]);
        return { id: made.id, created: true };
      }
      const [found] = await tx.query<{ id: string }>('SELECT id FROM channels WHERE community_id = $1 AND dm_key = $2', [communityId, key]);
      return { id: found.id, created: false };
    });
  }

  async one(channelId: string, userId: string): Promise<DirectConversationRow | undefined> {
    const [row] = await this.db.query<DirectConversationRow>(
      `SELECT ${CONVERSATION_COLUMNS}
         FROM channel_members chm JOIN channels c ON c.id = chm.channel_id
        WHERE chm.channel_id = $1 AND chm.user_id = $2`,
      [channelId, userId],
    );
    return row;
  }

  /** The user's conversations in the community, latest message first (new empty ones after), `limit` at most. */
  list(communityId: string, userId: string, limit: number): Promise<DirectConversationRow[]> {
    return this.db.query<DirectConversationRow>(
      `SELECT ${CONVERSATION_COLUMNS}
         FROM channel_members chm JOIN channels c ON c.id = chm.channel_id
        WHERE chm.user_id = $2 AND c.community_id = $1 AND c.kind = 'dm'
        ORDER BY last_message_at DESC NULLS LAST, c.created_at DESC, c.id
        LIMIT $3`,
      [communityId, userId, limit],
    );
  }
}
