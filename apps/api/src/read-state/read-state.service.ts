import { Injectable } from '@nestjs/common';
import type { UnreadEntry } from '@app/shared';
import { DomainError } from '@app/shared';
import { ChannelAccessService } from '../channels/channel-access.service';
import { UserEventsHub } from '../user-events/user-events.hub';
import { ReadStateRepository } from './read-state.repository';

@Injectable()
export class ReadStateService {
  constructor(
    private readonly readState: ReadStateRepository,
    private readonly access: ChannelAccessService,
    private readonly events: UserEventsHub,
  ) {}

  /** REST: the channel is named alone. */
  async markRead(userId: string, channelId: string, seq: number): Promise<number> {
    const access = await this.access.requireChannelMember(userId, channelId);
    return this.moveMarker(userId, access.communityId, channelId, seq);
  }

  /** Socket app: the channel must belong to the community the socket is connected to. */
  async markReadIn(userId: string, communityId: string, channelId: string, seq: number): Promise<number> {
    await this.access.requireChannelMemberIn(userId, communityId, channelId);
    return this.moveMarker(userId, communityId, channelId, seq);
  }

  /** Every channel the user belongs to, with unread counts, in one query. */
  async unreadFor(userId: string): Promise<UnreadEntry[]> {
    const rows = await this.readState.unreadFor(userId);
    return rows.map((r) => ({
      communityId: r.community_id,
      channelId: r.channel_id,
      lastSeq: Number(r.last_seq),
      lastReadSeq: Number(r.last_read_seq),
      unread: Number(r.unread),
      mentions: Number(r.mentions),
      kind: r.kind,
    }));
  }

  /**
   * Only forward, and never past the last message, so a client cannot mark the future as read. The
   * membership counters follow the marker (see unread.sql.ts): `read_author_seq` is probed again and
   * the deletions the marker passes are taken off `deleted_above_marker`, only when it really moves.
   * That count must see every deletion that has already counted this row: one statement does it
   * when nothing moved the row meanwhile, otherwise (or for a non-member) the locked path decides.
   */
  private async moveMarker(userId: string, communityId: string, channelId: string, seq: number): Promise<number> {
    const moved = (await this.readState.moveMarker(channelId, userId, seq)) ?? (await this.readState.moveMarkerLocked(channelId, userId, seq));
    if (moved === undefined) throw new DomainError('forbidden', 'not a member of this channel');
    // Every tab and device of the user hears it, so a badge cleared in one clears in all.
    await this.events.publish({ userIds: [userId], event: 'read-marker', payload: { communityId, channelId, lastReadSeq: moved } });
    return moved;
  }
}
