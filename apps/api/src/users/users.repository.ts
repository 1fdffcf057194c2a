import { Injectable } from '@nestjs/common';
import type { CommunityRole, UserSummary } from '@app/shared';
import { Database } from '../database/database';

/** A community the user belongs to, with their role in it. */
export interface UserCommunityRow {
  id: string;
  name: string;
  role: CommunityRole;
  default_channel_id: string | null;
}

/** The users table's SQL. */
@Injectable()
export class UsersRepository {
  constructor(private readonly db: Database) {}

  /** Race-free "create on first use": concurrent logins with one name get the same row. */
  async upsertByUsername(username: string): Promise<UserSummary> {
    const [row] = await this.db.query<UserSummary>(
      `INSERT INTO users (username) VALUES ($1)
       ON CONFLICT (username) DO UPDATE SET username = EXCLUDED.username
       RETURNING id, username`,
      [username],
    );
    return row;
  }

  /** Prepared: every authenticated request runs it once. */
  async findById(id: string): Promise<UserSummary | undefined> {
    const [user] = await this.db.prepared<UserSummary>('user-by-id', 'SELECT id, username FROM users WHERE id = $1', [id]);
    return user;
  }

  async findByUsername(username: string): Promise<UserSummary | undefined> {
    const [user] = await this.db.query<UserSummary>('SELECT id, username FROM users WHERE username = $1', [username]);
    return user;
  }

  async communitiesOf(userId: string): Promise<UserCommunityRow[]> {
    return this.db.query<UserCommunityRow>(
      `SELECT c.id, c.name, m.role, c.default_channel_id
         FROM community_members m JOIN communities c ON c.id = m.community_id
        WHERE m.user_id = $1
        ORDER BY m.joined_at, c.id`,
      [userId],
    );
  }
}
