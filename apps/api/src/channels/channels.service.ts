import { Injectable } from '@nestjs/common';
import type {
  ChannelDetails,
  ChannelListItem,
  ChannelMembersResponse,
  ChannelMembership,
  ChannelSummary,
  LeaveChannelResponse,
} from '@app/shared';
import { DomainError, LIMITS } from '@app/shared';
import { isUniqueViolation } from '../common/postgres-errors';
import { CommunityAccessService } from '../communities/community-access.service';
import { UsersService } from '../users/users.service';
import { UserEventsHub } from '../user-events/user-events.hub';
import { type ChannelAccess, ChannelAccessService } from './channel-access.service';
import { ChannelsRepository } from './channels.repository';

@Injectable()
export class ChannelsService {
  constructor(
    private readonly channels: ChannelsRepository,
    private readonly communities: CommunityAccessService,
    private readonly access: ChannelAccessService,
    private readonly users: UsersService,
    private readonly events: UserEventsHub,
  ) {}

  /** The user's sockets (every tab) learn that they are in or out of the channel. */
  private membershipChanged(access: ChannelAccess, userId: string, member: boolean): Promise<void> {
    const payload = { communityId: access.communityId, channelId: access.channelId, kind: access.kind, member };
    return this.events.publish({ userIds: [userId], event: 'channel-membership', payload });
  }

  async create(userId: string, communityId: string, name: string, isPrivate: boolean): Promise<ChannelSummary> {
    await this.communities.requireMember(userId, communityId);
    try {
      const id = await this.channels.createWithCreator(communityId, name, isPrivate, userId);
      return { id, communityId, name, private: isPrivate };
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
    const rows = await this.channels.listFor(communityId, userId);
    return rows.map((r) => {
      const item: ChannelListItem = {
        id: r.id,
        name: r.name,
        private: r.is_private,
        isMember: r.is_member,
        lastSeq: Number(r.last_seq),
        lastReadSeq: Number(r.last_read_seq),
        unread: Number(r.unread),
        mentions: Number(r.mentions),
      };
      // Absent when unset: a channel without a topic keeps the contract's original shape.
      if (r.topic) item.topic = r.topic;
      return item;
    });
  }

  /** Any member may set the topic (empty clears it). */
  async setTopic(userId: string, channelId: string, topic: string): Promise<ChannelDetails> {
    await this.access.requireChannelMember(userId, channelId);
    const row = await this.channels.setTopic(channelId, topic);
    return { id: row.id, communityId: row.community_id, name: row.name, private: row.is_private, topic: row.topic };
  }

  /** Who is in the channel: for its members, and for anyone in the community when it is public. */
  async members(userId: string, channelId: string): Promise<ChannelMembersResponse> {
    const access = await this.access.requireCommunityMember(userId, channelId);
    if (access.isPrivate && !access.inChannel) throw new DomainError('forbidden', 'not a member of this channel');
    return { members: await this.channels.members(channelId, LIMITS.channelMembersListed) };
  }

  /** Leaves the channel; `left: false` when the caller was not in it. A private channel then needs an invitation again. */
  async leave(userId: string, channelId: string): Promise<LeaveChannelResponse> {
    const access = await this.access.requireCommunityMember(userId, channelId);
    refuseDirect(access, 'a direct conversation cannot be left');
    const left = await this.channels.deleteMember(channelId, userId);
    if (left) await this.membershipChanged(access, userId, false);
    return { left };
  }

  /** Idempotent for members; a private channel can only be entered through addMember. */
  async join(userId: string, channelId: string): Promise<ChannelMembership> {
    const access = await this.access.requireCommunityMember(userId, channelId);
    if (!access.inChannel) {
      refuseDirect(access, 'a direct conversation is only for the people it was opened with');
      if (access.isPrivate) throw new DomainError('forbidden', 'a private channel is joined only when a member adds you');
      if (await this.channels.insertMember(channelId, userId)) await this.membershipChanged(access, userId, true);
    }
    return { channelId, userId };
  }

  async addMember(actorId: string, channelId: string, userId: string): Promise<ChannelMembership> {
    const access = await this.access.requireChannelMember(actorId, channelId);
    refuseDirect(access, 'a direct conversation keeps the people it was opened with: open another one');
    await this.users.requireById(userId);
    const target = await this.access.resolve(userId, channelId);
    if (!target?.inCommunity) throw new DomainError('forbidden', "the user is not a member of this channel's community");
    if (!target.inChannel && (await this.channels.insertMember(access.channelId, userId))) await this.membershipChanged(access, userId, true);
    return { channelId, userId };
  }
}

/** Nobody joins, invites into or leaves a direct conversation: its people are what it is. */
function refuseDirect(access: ChannelAccess, why: string): void {
  if (access.kind === 'dm') throw new DomainError('forbidden', why);
}
