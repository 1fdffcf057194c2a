import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CommunityRole } from '@app/shared';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/shared';
import { queryOne, type SqlExecutor } from '../database/query-rows';

/**
 * Who may act in a community. An unknown community is 404; an existing one the caller does not
 * belong to is 403 (community ids are not secret, their contents are).
 */
@Injectable()
export class CommunityAccessService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async requireMember(userId: string, communityId: string, executor: SqlExecutor = this.db): Promise<CommunityRole> {
    const row = await queryOne<{ role: CommunityRole | null }>(
      executor,
      `SELECT m.role FROM communities c
         LEFT JOIN community_members m ON m.community_id = c.id AND m.user_id = $2
        WHERE c.id = $1`,
      [communityId, userId],
    );
    if (!row) throw new DomainError('not_found', 'no such community');
    if (!row.role) throw new DomainError('forbidden', 'not a member of this community');
    return row.role;
  }

  async requireManager(userId: string, communityId: string): Promise<CommunityRole> {
    const role = await this.requireMember(userId, communityId);
    if (role !== 'owner' && role !== 'admin') throw new DomainError('forbidden', 'only an owner or admin may add members');
    return role;
  }
}
