import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import type { ConversationKind } from '@app/shared';
import { deletedOfOthersSql, latestAuthorSeqSql, mentionCountSql, unreadCountSql } from './unread.sql';

/** One channel of the user's, with its unread count. */
export interface UnreadRow {
  community_id: string;
  channel_id: string;
  last_seq: string;
  last_read_seq: string;
  unread: string;
  mentions: string;
  kind: ConversationKind;
}

/** The read markers' SQL (channel_members' marker and the counters that follow it). */
@Injectable()
export class ReadStateRepository {
  constructor(private readonly db: Database) {}

  /** Every channel the user belongs to, with unread counts, in one query. */
  async unreadFor(userId: string): Promise<UnreadRow[]> {
    return this.db.prepared<UnreadRow>(
      'unread-for-user',
      `SELECT c.community_id, c.id AS channel_id, c.last_seq, chm.last_read_seq, c.kind,
              ${unreadCountSql({ channel: 'c', member: 'chm' })} AS unread,
              ${mentionCountSql({ channel: 'c', member: 'chm' })} AS mentions
         FROM channel_members chm
         JOIN channels c ON c.id = chm.channel_id
         JOIN community_members cm ON cm.community_id = c.community_id AND cm.user_id = chm.user_id
        WHERE chm.user_id = $1
        ORDER BY c.community_id, c.name`,
      [userId],
    );
  }

  /**
   * Moves the marker towards `seq` in one statement when the row is the one its snapshot saw: it
   * compares the marker and the counter with their snapshot values, and only a marker move or a
   * deletion changes those. Undefined otherwise (or for a non-member): then `moveMarkerLocked` decides.
   */
  async moveMarker(channelId: string, userId: string, seq: number): Promise<number | undefined> {
    const [moved] = await this.db.prepared<{ last_read_seq: string }>(
      'move-read-marker',
      `UPDATE channel_members chm SET ${MOVE_MARKER_SET}
         FROM ${MARKER_TARGET},
              (SELECT s.last_read_seq, s.deleted_above_marker FROM channel_members s WHERE s.channel_id = $1 AND s.user_id = $2) seen
        WHERE chm.channel_id = $1 AND chm.user_id = $2
          AND chm.last_read_seq = seen.last_read_seq AND chm.deleted_above_marker = seen.deleted_above_marker
        RETURNING chm.last_read_seq`,
      [channelId, userId, seq],
    );
    return moved ? Number(moved.last_read_seq) : undefined;
  }

  /**
   * The row is locked before the count, in a statement of its own: a deletion that counted this row
   * before the lock has then committed and is seen by the count, and one that comes after the lock
   * waits for it and finds the marker already past its message. The new marker is at most the
   * count's view of `last_seq`, so every message at or below it is visible to it. Undefined when
   * the user is not a member of the channel.
   */
  async moveMarkerLocked(channelId: string, userId: string, seq: number): Promise<number | undefined> {
    return this.db.transaction(async (tx) => {
      const [member] = await tx.query('SELECT 1 FROM channel_members WHERE channel_id = $1 AND user_id = $2 FOR UPDATE', [channelId, userId]);
      if (!member) return undefined;
      const [row] = await tx.query<{ last_read_seq: string }>(
        `UPDATE channel_members chm SET ${MOVE_MARKER_SET}
           FROM ${MARKER_TARGET}
          WHERE chm.channel_id = $1 AND chm.user_id = $2
          RETURNING chm.last_read_seq`,
        [channelId, userId, seq],
      );
      return Number(row.last_read_seq);
    });
  }
}

/** `t.marker`: the requested marker ($3) capped at the channel's ($1) `last_seq`. */
const MARKER_TARGET = '(SELECT LEAST($3::bigint, c.last_seq) AS marker FROM channels c WHERE c.id = $1) t';
const MOVED = 't.marker > chm.last_read_seq';

/**
 * Moves the membership row `chm` to `t.marker` (MARKER_TARGET) with its counters. The counter
 * never goes below 0: were it ever short (an API older than its migration still deleting), the
 * member's unread would read high until the marker passes, instead of every move failing its CHECK.
 */
const MOVE_MARKER_SET = `last_read_seq = GREATEST(chm.last_read_seq, t.marker),
  read_author_seq = CASE WHEN ${MOVED}
    THEN ${latestAuthorSeqSql({ channelId: 'chm.channel_id', authorId: 'chm.user_id', atOrBelowSeq: 't.marker' })}
    ELSE chm.read_author_seq END,
  deleted_above_marker = CASE WHEN ${MOVED}
    THEN GREATEST(0, chm.deleted_above_marker - ${deletedOfOthersSql({ channelId: 'chm.channel_id', memberId: 'chm.user_id', aboveSeq: 'chm.last_read_seq', atOrBelowSeq: 't.marker' })})
    ELSE chm.deleted_above_marker END`;
