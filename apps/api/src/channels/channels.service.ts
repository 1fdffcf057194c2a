import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ChannelListItem, ChannelSummary } from '@app/shared';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/shared';
import { isUniqueViolation } from '../common/postgres-errors';
import { CommunityAccessService } from '../communities/community-access.service';
import { queryOne, queryRows } from '../database/query-rows';
import { deletedOfOthersSql, latestAuthorSeqSql, unreadCountSql } from '../read-state/unread.sql';
import { UsersService } from '../users/users.service';
import { ChannelAccessService } from './channel-access.service';

export interface ChannelMembership {
  channelId: string;
  userId: string;
}

interface ChannelListRow {
  id: string;
  name: string;
  is_private: boolean;
  is_member: boolean;
  last_seq: string;
  last_read_seq: string;
  unread: string;
}

@Injectable()
export class ChannelsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly communities: CommunityAccessService,
    private readonly access: ChannelAccessService,
    private readonly users: UsersService,
  ) {}

  async create(userId: string, communityId: string, name: string, isPrivate: boolean): Promise<ChannelSummary> {
    await this.communities.requireMember(userId, communityId);
    try {
      return await this.db.transaction(async (tx) => {
        const row = await queryOne<{ id: string }>(
          tx,
          'INSERT INTO channels (community_id, name, is_private) VALUES ($1, $2, $3) RETURNING id',
          [communityId, name, isPrivate],
        );
        await tx.query('INSERT INTO channel_members (channel_id, user_id) VALUES ($1, $2)', [row!.id, userId]);
        return { id: row!.id, communityId, name, private: isPrivate };
      });
    } catch (err) {
      if (isUniqueViolation(err, 'channels_community_name_key')) {
        throw new DomainError('conflict', `a channel named "${name}" already exists in this community`);
      }
      throw err;
    }
  }

  /** Public channels and the private ones the caller belongs to; unread is counted only where it is a member. */
  async list(userId: string, communityId: string): Promise<ChannelListItem[]> {
    await this.communities.requireMember(userId, communityId);
    const rows = await queryRows<ChannelListRow>(
      this.db,
      `SELECT c.id, c.name, c.is_private, c.last_seq,
              (chm.user_id IS NOT NULL) AS is_member,
              COALESCE(chm.last_read_seq, 0) AS last_read_seq,
              CASE WHEN chm.user_id IS NULL THEN 0
                   ELSE ${unreadCountSql({ channel: 'c', member: 'chm' })} END AS unread
         FROM channels c
         LEFT JOIN channel_members chm ON chm.channel_id = c.id AND chm.user_id = $2
        WHERE c.community_id = $1 AND (NOT c.is_private OR chm.user_id IS NOT NULL)
        ORDER BY c.name, c.id`,
      [communityId, userId],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      private: r.is_private,
      isMember: r.is_member,
      lastSeq: Number(r.last_seq),
      lastReadSeq: Number(r.last_read_seq),
      unread: Number(r.unread),
    }));
  }

  /** Idempotent for members; a private channel can only be entered through addMember. */
  async join(userId: string, channelId: string): Promise<ChannelMembership> {
    const access = await this.access.requireCommunityMember(userId, channelId);
    if (!access.inChannel) {
      if (access.isPrivate) throw new DomainError('forbidden', 'a private channel is joined only when a member adds you');
      await this.insertMember(channelId, userId);
    }
    return { channelId, userId };
  }

  async addMember(actorId: string, channelId: string, userId: string): Promise<ChannelMembership> {
    const access = await this.access.requireChannelMember(actorId, channelId);
    await this.users.requireById(userId);
    const target = await this.access.resolve(userId, channelId);
    if (!target?.inCommunity) throw new DomainError('forbidden', "the user is not a member of this channel's community");
    if (!target.inChannel) await this.insertMember(access.channelId, userId);
    return { channelId, userId };
  }

  /**
   * A member who was in the channel before (removed, then added again) keeps their author_seqs, so
   * `authored_count` starts from their latest one; the marker starts at 0 and so does
   * `read_author_seq`, and every deleted message of others is above it. The share lock on the channel
   * waits for writers in flight and keeps new ones out until the row is in, so each deletion is either
   * counted here or counts the new row itself (see the channel-member-deleted-above-marker migration).
   */
  private async insertMember(channelId: string, userId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM channels WHERE id = $1 FOR SHARE', [channelId]);
      await tx.query(
        `INSERT INTO channel_members (channel_id, user_id, authored_count, deleted_above_marker)
         VALUES ($1, $2, ${latestAuthorSeqSql({ channelId: '$1', authorId: '$2' })},
                 ${deletedOfOthersSql({ channelId: '$1', memberId: '$2', aboveSeq: '0' })})
         ON CONFLICT (channel_id, user_id) DO NOTHING`,
        [channelId, userId],
      );
    });
  }
}
