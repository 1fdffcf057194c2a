import { Injectable } from '@nestjs/common';
import {
  type CommunityMembership,
  type CommunitySummary,
  communityNamespace,
  DomainError,
  type RemoveCommunityMemberResponse,
} from '@app/shared';
import { ChannelsRepository } from '../channels/channels.repository';
import { UserEventsHub } from '../user-events/user-events.hub';
import { UsersService } from '../users/users.service';
import { CommunitiesRepository } from './communities.repository';
import { CommunityAccessService } from './community-access.service';

@Injectable()
export class CommunitiesService {
  constructor(
    private readonly communities: CommunitiesRepository,
    private readonly channels: ChannelsRepository,
    private readonly access: CommunityAccessService,
    private readonly users: UsersService,
    private readonly events: UserEventsHub,
  ) {}

  /** The creator owns it, with its default channel (#town-square) made and joined. */
  async create(ownerId: string, name: string): Promise<CommunitySummary> {
    const community = await this.communities.createWithOwner(name, ownerId);
    return { id: community.id, name: community.name, namespace: communityNamespace(community.id) };
  }

  /**
   * Idempotent: adding someone already in keeps their role and still answers 201. A new member
   * joins the default channel and hears of both at once, in whichever community they are looking at.
   */
  async addMember(actorId: string, communityId: string, userId: string): Promise<CommunityMembership> {
    await this.access.requireManager(actorId, communityId);
    await this.users.requireById(userId);
    if (await this.communities.addMember(communityId, userId)) {
      const defaultChannelId = await this.communities.defaultChannelOf(communityId);
      if (defaultChannelId) await this.channels.insertMember(defaultChannelId, userId);
      await this.events.publish({ userIds: [userId], event: 'community-membership', payload: { communityId, member: true } });
    }
    const role = await this.communities.roleOf(communityId, userId);
    return { communityId, userId, role: role! };
  }

  /** Owners and admins remove members; anyone may leave. The owner stays (a community needs one). */
  async removeMember(actorId: string, communityId: string, userId: string): Promise<RemoveCommunityMemberResponse> {
    if (actorId === userId) await this.access.requireMember(actorId, communityId);
    else await this.access.requireManager(actorId, communityId, 'remove');
    const role = await this.communities.roleOf(communityId, userId);
    if (!role) return { removed: false };
    if (role === 'owner') throw new DomainError('forbidden', 'the owner of a community cannot be removed from it');
    const removed = await this.communities.removeMember(communityId, userId);
    if (removed) await this.events.publish({ userIds: [userId], event: 'community-membership', payload: { communityId, member: false } });
    return { removed };
  }
}
