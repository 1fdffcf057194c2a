import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { UnreadEntry } from '@app/shared';
import { DataSource } from 'typeorm';
import { ChannelAccessService } from '../channels/channel-access.service';
import { DomainError } from '@app/shared';
import { queryOne } from '../database/query-rows';
import { preparedRows } from '../database/prepared-rows';
import { latestAuthorSeqSql, unreadCountSql } from './unread.sql';

@Injectable()
export class ReadStateService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: ChannelAccessService,
  ) {}

  /** REST: the channel is named alone. */
  async markRead(userId: string, channelId: string, seq: number): Promise<number> {
    await this.access.requireChannelMember(userId, channelId);
    return this.moveMarker(userId, channelId, seq);
  }

  /** Socket app: the channel must belong to the community the socket is connected to. */
  async markReadIn(userId: string, communityId: string, channelId: string, seq: number): Promise<number> {
    await this.access.requireChannelMemberIn(userId, communityId, channelId);
    return this.moveMarker(userId, channelId, seq);
  }

  /** Every channel the user belongs to, with unread counts, in one query. */
  async unreadFor(userId: string): Promise<UnreadEntry[]> {
    const rows = await preparedRows<{ community_id: string; channel_id: string; last_seq: string; last_read_seq: string; unread: string }>(
      this.db,
      'unread-for-user',
      `SELECT c.community_id, c.id AS channel_id, c.last_seq, chm.last_read_seq,
              ${unreadCountSql({ channel: 'c', member: 'chm', readerId: '$1' })} AS unread
         FROM channel_members chm
         JOIN channels c ON c.id = chm.channel_id
         JOIN community_members cm ON cm.community_id = c.community_id AND cm.user_id = chm.user_id
        WHERE chm.user_id = $1
        ORDER BY c.community_id, c.name`,
      [userId],
    );
    return rows.map((r) => ({
      communityId: r.community_id,
      channelId: r.channel_id,
      lastSeq: Number(r.last_seq),
      lastReadSeq: Number(r.last_read_seq),
      unread: Number(r.unread),
    }));
  }

  /**
   * Only forward, and never past the last message, so a client cannot mark the future as read.
   * `read_author_seq` follows the marker (see unread.sql.ts). It is probed again only when the marker
   * really moves, and then the new marker is at most this statement's view of `last_seq`, so every
   * message at or below it is visible to the probe; a marker that a concurrent call has already
   * moved further keeps that call's value.
   */
  private async moveMarker(userId: string, channelId: string, seq: number): Promise<number> {
    const row = await queryOne<{ last_read_seq: string }>(
      this.db,
      `UPDATE channel_members chm
          SET last_read_seq = GREATEST(chm.last_read_seq, LEAST($3::bigint, c.last_seq)),
              read_author_seq = CASE WHEN LEAST($3::bigint, c.last_seq) <= chm.last_read_seq THEN chm.read_author_seq
                ELSE ${latestAuthorSeqSql({ channelId: 'chm.channel_id', authorId: 'chm.user_id', atOrBelowSeq: 'LEAST($3::bigint, c.last_seq)' })} END
         FROM channels c
        WHERE c.id = chm.channel_id AND chm.channel_id = $1 AND chm.user_id = $2
        RETURNING chm.last_read_seq`,
      [channelId, userId, seq],
    );
    if (!row) throw new DomainError('forbidden', 'not a member of this channel');
    return Number(row.last_read_seq);
  }
}
