import { Injectable } from '@nestjs/common';
import { type ConversationKind, DomainError } from '@app/shared';
import { ChannelsRepository } from './channels.repository';

/** A channel and where one user stands in it. */
export interface ChannelAccess {
  channelId: string;
  communityId: string;
  isPrivate: boolean;
  kind: ConversationKind;
  lastSeq: number;
  inCommunity: boolean;
  inChannel: boolean;
}

const NOT_IN_COMMUNITY = "not a member of this channel's community";

/**
 * The channel rules, in one place. An unknown channel is 404; an existing one the caller may not
 * use is 403, private or not (listings hide private channels, direct access by id says forbidden).
 * Seen from a given community, a channel of another community does not exist: 404.
 */
@Injectable()
export class ChannelAccessService {
  constructor(private readonly channels: ChannelsRepository) {}

  async resolve(userId: string, channelId: string): Promise<ChannelAccess | undefined> {
    const row = await this.channels.accessOf(channelId, userId);
    if (!row) return undefined;
    return {
      channelId: row.id,
      communityId: row.community_id,
      isPrivate: row.is_private,
      kind: row.kind,
      lastSeq: Number(row.last_seq),
      inCommunity: row.in_community,
      inChannel: row.in_channel,
    };
  }

  /** The channel exists and the user is in its community (joining or adding members starts here). */
  async requireCommunityMember(userId: string, channelId: string): Promise<ChannelAccess> {
    const access = await this.resolve(userId, channelId);
    if (!access) throw new DomainError('not_found', 'no such channel');
    if (!access.inCommunity) throw new DomainError('forbidden', NOT_IN_COMMUNITY);
    return access;
  }

  async requireChannelMember(userId: string, channelId: string): Promise<ChannelAccess> {
    const access = await this.resolve(userId, channelId);
    if (!access) throw new DomainError('not_found', 'no such channel');
    return ensureMember(access);
  }

  /** For callers that name the community too (the socket app): a channel elsewhere is not found. */
  async requireChannelMemberIn(userId: string, communityId: string, channelId: string): Promise<ChannelAccess> {
    const access = await this.resolve(userId, channelId);
    if (!access || access.communityId !== communityId) throw new DomainError('not_found', 'no such channel in this community');
    return ensureMember(access);
  }
}

function ensureMember(access: ChannelAccess): ChannelAccess {
  if (!access.inCommunity) throw new DomainError('forbidden', NOT_IN_COMMUNITY);
  if (!access.inChannel) throw new DomainError('forbidden', 'not a member of this channel');
  return access;
}
