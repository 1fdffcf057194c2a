import { Injectable } from '@nestjs/common';
import type { CommunityRole } from '@app/shared';
import { DomainError } from '@app/shared';
import { CommunitiesRepository } from './communities.repository';

/**
 * Who may act in a community. An unknown community is 404; an existing one the caller does not
 * belong to is 403 (community ids are not secret, their contents are).
 */
@Injectable()
export class CommunityAccessService {
  constructor(private readonly communities: CommunitiesRepository) {}

  async requireMember(userId: string, communityId: string): Promise<CommunityRole> {
    const row = await this.communities.membership(communityId, userId);
    if (!row) throw new DomainError('not_found', 'no such community');
    if (!row.role) throw new DomainError('forbidden', 'not a member of this community');
    return row.role;
  }

  async requireManager(userId: string, communityId: string, action: 'add' | 'remove' = 'add'): Promise<CommunityRole> {
    const role = await this.requireMember(userId, communityId);
    if (role !== 'owner' && role !== 'admin') throw new DomainError('forbidden', `only an owner or admin may ${action} members`);
    return role;
  }
}
