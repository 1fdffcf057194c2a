import { Injectable } from '@nestjs/common';
import { type CommunityMembership, type CommunitySummary, communityNamespace } from '@app/shared';
import { UsersService } from '../users/users.service';
import { CommunitiesRepository } from './communities.repository';
import { CommunityAccessService } from './community-access.service';

@Injectable()
export class CommunitiesService {
  constructor(
    private readonly communities: CommunitiesRepository,
    private readonly access: CommunityAccessService,
    private readonly users: UsersService,
  ) {}

  async create(ownerId: string, name: string): Promise<CommunitySummary> {
    const community = await this.communities.createWithOwner(name, ownerId);
    return { id: community.id, name: community.name, namespace: communityNamespace(community.id) };
  }

  /** Idempotent: adding someone already in keeps their role and still answers 201. */
  async addMember(actorId: string, communityId: string, userId: string): Promise<CommunityMembership> {
    await this.access.requireManager(actorId, communityId);
    await this.users.requireById(userId);
    await this.communities.addMember(communityId, userId);
    const role = await this.communities.roleOf(communityId, userId);
    return { communityId, userId, role: role! };
  }
}
