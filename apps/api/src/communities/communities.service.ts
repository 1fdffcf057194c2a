import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CommunityRole, type CommunitySummary, communityNamespace } from '@app/shared';
import { DataSource } from 'typeorm';
import { queryOne } from '../database/query-rows';
import { UsersService } from '../users/users.service';
import { CommunityAccessService } from './community-access.service';

export interface CommunityMembership {
  communityId: string;
  userId: string;
  role: CommunityRole;
}

@Injectable()
export class CommunitiesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: CommunityAccessService,
    private readonly users: UsersService,
  ) {}

  async create(ownerId: string, name: string): Promise<CommunitySummary> {
    const community = await this.db.transaction(async (tx) => {
      const row = await queryOne<{ id: string; name: string }>(tx, 'INSERT INTO communities (name) VALUES ($1) RETURNING id, name', [name]);
      await tx.query(`INSERT INTO community_members (community_id, user_id, role) VALUES ($1, $2, 'owner')`, [row!.id, ownerId]);
      return row!;
    });
    return { id: community.id, name: community.name, namespace: communityNamespace(community.id) };
  }

  /** Idempotent: adding someone already in keeps their role and still answers 201. */
  async addMember(actorId: string, communityId: string, userId: string): Promise<CommunityMembership> {
    await this.access.requireManager(actorId, communityId);
    await this.users.requireById(userId);
    await this.db.query(
      `INSERT INTO community_members (community_id, user_id, role) VALUES ($1, $2, 'member')
       ON CONFLICT (community_id, user_id) DO NOTHING`,
      [communityId, userId],
    );
    const row = await queryOne<{ role: CommunityRole }>(
      this.db,
      'SELECT role FROM community_members WHERE community_id = $1 AND user_id = $2',
      [communityId, userId],
    );
    return { communityId, userId, role: row!.role };
  }
}
