import { Injectable } from '@nestjs/common';
import { type CommunityRole, LIMITS } from '@app/shared';
import { Database } from '../database/database';

/** The communities and community_members tables' SQL. */
@Injectable()
export class CommunitiesRepository {
  constructor(private readonly db: Database) {}

  /** The community, its owner's membership and its default channel with the owner in it, in one transaction. */
  async createWithOwner(name: string, ownerId: string): Promise<{ id: string; name: string }> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ id: string; name: string }>('INSERT INTO communities (name) VALUES ($1) RETURNING id, name', [name]);
      await tx.query(`INSERT INTO community_members (community_id, user_id, role) VALUES ($1, $2, 'owner')`, [row.id, ownerId]);
      await tx.query(
        `WITH general AS (INSERT INTO channels (community_id, name) VALUES ($1, $3) RETURNING id),
              made_default AS (UPDATE communities SET default_channel_id = (SELECT id FROM general) WHERE id = $1)
         INSERT INTO channel_members (channel_id, user_id) SELECT id, $2 FROM general`,
        [row.id, ownerId, LIMITS.defaultChannelName],
      );
      return row;
    });
  }

  /** Adds a member; someone already in keeps their role. True when they were not in it before. */
  async addMember(communityId: string, userId: string): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO community_members (community_id, user_id, role) VALUES ($1, $2, 'member')
       ON CONFLICT (community_id, user_id) DO NOTHING RETURNING 1`,
      [communityId, userId],
    );
    return rows.length > 0;
  }

  async defaultChannelOf(communityId: string): Promise<string | null> {
    const [row] = await this.db.query<{ default_channel_id: string | null }>('SELECT default_channel_id FROM communities WHERE id = $1', [
      communityId,
    ]);
    return row?.default_channel_id ?? null;
  }

  /**
   * Takes the user out of the community and out of each of its channels and direct conversations,
   * in one transaction; the channels are share-locked in id order first, as a join or leave does,
   * so writers in flight finish before the memberships go. True when they were a member.
   */
  async removeMember(communityId: string, userId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.query(
        `SELECT 1 FROM channels c JOIN channel_members chm ON chm.channel_id = c.id AND chm.user_id = $2
          WHERE c.community_id = $1 ORDER BY c.id FOR SHARE OF c`,
        [communityId, userId],
      );
      await tx.query(
        'DELETE FROM channel_members chm USING channels c WHERE c.id = chm.channel_id AND c.community_id = $1 AND chm.user_id = $2',
        [communityId, userId],
      );
      const removed = await tx.query('DELETE FROM community_members WHERE community_id = $1 AND user_id = $2 RETURNING 1', [
        communityId,
        userId,
      ]);
      return removed.length > 0;
    });
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
