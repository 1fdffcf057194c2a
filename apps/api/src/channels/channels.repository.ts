import { Injectable } from '@nestjs/common';
import type { ConversationKind } from '@app/shared';
import { Database } from '../database/database';
import { deletedOfOthersSql, latestAuthorSeqSql, mentionCountSql, unreadCountSql } from '../read-state/unread.sql';

/** A channel and where one user stands in it, as stored. */
export interface ChannelAccessRow {
  id: string;
  community_id: string;
  is_private: boolean;
  kind: ConversationKind;
  last_seq: string;
  in_community: boolean;
  in_channel: boolean;
}

/** A channel of a community listing, with the caller's read state where they are a member. */
export interface ChannelListRow {
  id: string;
  name: string;
  is_private: boolean;
  is_member: boolean;
  last_seq: string;
  last_read_seq: string;
  unread: string;
  mentions: string;
  topic: string;
}

/** A channel as PATCH answers it. */
export interface ChannelDetailsRow {
  id: string;
  community_id: string;
  name: string;
  is_private: boolean;
  topic: string;
}

/** The channels and channel_members tables' SQL. */
@Injectable()
export class ChannelsRepository {
  constructor(private readonly db: Database) {}

  async accessOf(channelId: string, userId: string): Promise<ChannelAccessRow | undefined> {
    const [row] = await this.db.query<ChannelAccessRow>(
      `SELECT c.id, c.community_id, c.is_private, c.kind, c.last_seq,
              (cm.user_id IS NOT NULL) AS in_community, (chm.user_id IS NOT NULL) AS in_channel
         FROM channels c
         LEFT JOIN community_members cm ON cm.community_id = c.community_id AND cm.user_id = $2
         LEFT JOIN channel_members chm ON chm.channel_id = c.id AND chm.user_id = $2
        WHERE c.id = $1`,
      [channelId, userId],
    );
    return row;
  }

  /** The channel and its creator's membership, in one transaction; returns the channel's id. */
  async createWithCreator(communityId: string, name: string, isPrivate: boolean, creatorId: string): Promise<string> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ id: string }>('INSERT INTO channels (community_id, name, is_private) VALUES ($1, $2, $3) RETURNING id', [
        communityId,
        name,
        isPrivate,
      ]);
      await tx.query('INSERT INTO channel_members (channel_id, user_id) VALUES ($1, $2)', [row.id, creatorId]);
      return row.id;
    });
  }

  /** Public channels and the private ones the user belongs to (no direct conversations); unread is counted only where they are a member. */
  async listFor(communityId: string, userId: string): Promise<ChannelListRow[]> {
    return this.db.query<ChannelListRow>(
      `SELECT c.id, c.name, c.is_private, c.last_seq, c.topic,
              (chm.user_id IS NOT NULL) AS is_member,
              COALESCE(chm.last_read_seq, 0) AS last_read_seq,
              CASE WHEN chm.user_id IS NULL THEN 0
                   ELSE ${unreadCountSql({ channel: 'c', member: 'chm' })} END AS unread,
              CASE WHEN chm.user_id IS NULL THEN 0
                   ELSE ${mentionCountSql({ channel: 'c', member: 'chm' })} END AS mentions
         FROM channels c
         LEFT JOIN channel_members chm ON chm.channel_id = c.id AND chm.user_id = $2
        WHERE c.community_id = $1 AND c.kind = 'channel' AND (NOT c.is_private OR chm.user_id IS NOT NULL)
        ORDER BY c.name, c.id`,
      [communityId, userId],
    );
  }

  async setTopic(channelId: string, topic: string): Promise<ChannelDetailsRow> {
    const [row] = await this.db.query<ChannelDetailsRow>(
      'UPDATE channels SET topic = $2 WHERE id = $1 RETURNING id, community_id, name, is_private, topic',
      [channelId, topic],
    );
    return row;
  }

  /** The channel's members by username, `limit` at most. */
  members(channelId: string, limit: number): Promise<{ id: string; username: string }[]> {
    return this.db.query(
      `SELECT u.id, u.username FROM channel_members chm JOIN users u ON u.id = chm.user_id
        WHERE chm.channel_id = $1 ORDER BY u.username, u.id LIMIT $2`,
      [channelId, limit],
    );
  }

  /**
   * Removes a membership (and with it the member's read marker and counters). The share lock waits
   * for writers of the channel in flight, so none of them counts the member after it is gone; a later
   * join starts the counters afresh from the stored messages (insertMember). True when they were in it.
   */
  async deleteMember(channelId: string, userId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM channels WHERE id = $1 FOR SHARE', [channelId]);
      const rows = await tx.query('DELETE FROM channel_members WHERE channel_id = $1 AND user_id = $2 RETURNING 1', [channelId, userId]);
      return rows.length > 0;
    });
  }

  /**
   * A member who was in the channel before (removed, then added again) keeps their author_seqs, so
   * `authored_count` starts from their latest one; the marker starts at 0 and so does
   * `read_author_seq`, and every deleted message of others is above it. The share lock on the channel
   * waits for writers in flight and keeps new ones out until the row is in, so each deletion is either
   * counted here or counts the new row itself (see the channel-member-deleted-above-marker migration).
   * True when the membership is new.
   */
  async insertMember(channelId: string, userId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM channels WHERE id = $1 FOR SHARE', [channelId]);
      const inserted = await tx.query(
        `INSERT INTO channel_members (channel_id, user_id, authored_count, deleted_above_marker)
         VALUES ($1, $2, ${latestAuthorSeqSql({ channelId: '$1', authorId: '$2' })},
                 ${deletedOfOthersSql({ channelId: '$1', memberId: '$2', aboveSeq: '0' })})
         ON CONFLICT (channel_id, user_id) DO NOTHING RETURNING 1`,
        [channelId, userId],
      );
      return inserted.length > 0;
    });
  }
}
