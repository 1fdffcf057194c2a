import { Injectable } from '@nestjs/common';
import type { CommunityRole } from '@app/shared';
import { Database } from '../database/database';

/** The communities and community_members tables' SQL. */
@Injectable()
export class CommunitiesRepository {
  constructor(private readonly db: Database) {}

  /** The community and its owner's membership, in one transaction. */
  async createWithOwner(name: string, ownerId: string): Promise<{ id: string; name: string }> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ id: string; name: string }>('INSERT INTO communities (name) VALUES ($1) RETURNING id, name', [name]);
      await tx.query(`INSERT INTO community_members (community_id, user_id, role) VALUES ($1, $2, 'owner')`, [row.id, ownerId]);
      return row;
    });
  }

  /** Adds a member; someone already in keeps their role. */
  async addMember(communityId: string, userId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO community_members (community_id, user_id, role) VALUES ($1, $2, 'member')
       ON CONFLICT (community_id, user_id) DO NOTHING`,
      [communityId, userId],
    );
  }

  async roleOf(communityId: string, userId: string): Promise<CommunityRole | undefined> {
    const [row] = await this.db.query<{ role: CommunityRole }>('SELECT role FROM community_members WHERE community_id = $1 AND user_id = $2', [
      communityId,
      userId,
    ]);
    return row?.role;
  }

  /** Undefined: no such community; `role` null: the community exists and the user is not in it. */
  async membership(communityId: string, userId: string): Promise<{ role: CommunityRole | null } | undefined> {
    const [row] = await this.db.query<{ role: CommunityRole | null }>(
      `SELECT m.role FROM communities c
         LEFT JOIN community_members m ON m.community_id = c.id AND m.user_id = $2
        WHERE c.id = $1`,
      [communityId, userId],
    );
    return row;
  }
}
