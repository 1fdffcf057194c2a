import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { communityNamespace, type CommunityRole, DomainError, type MeResponse, type UserSummary } from '@app/shared';
import { DataSource } from 'typeorm';
import { preparedRows } from '../database/prepared-rows';
import { queryOne, queryRows } from '../database/query-rows';

@Injectable()
export class UsersService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Race-free "create on first use": concurrent logins with one name get the same row. */
  async upsertByUsername(username: string): Promise<UserSummary> {
    const row = await queryOne<UserSummary>(
      this.db,
      `INSERT INTO users (username) VALUES ($1)
       ON CONFLICT (username) DO UPDATE SET username = EXCLUDED.username
       RETURNING id, username`,
      [username],
    );
    return row!;
  }

  /** Prepared: every authenticated request runs it once. */
  async findById(id: string): Promise<UserSummary | undefined> {
    const [user] = await preparedRows<UserSummary>(this.db, 'user-by-id', 'SELECT id, username FROM users WHERE id = $1', [id]);
    return user;
  }

  async requireById(id: string): Promise<UserSummary> {
    const user = await this.findById(id);
    if (!user) throw new DomainError('not_found', 'no such user');
    return user;
  }

  async requireByUsername(username: string): Promise<UserSummary> {
    const user = await queryOne<UserSummary>(this.db, 'SELECT id, username FROM users WHERE username = $1', [username]);
    if (!user) throw new DomainError('not_found', `no user named ${username}`);
    return user;
  }

  async getMe(user: UserSummary): Promise<MeResponse> {
    const rows = await queryRows<{ id: string; name: string; role: CommunityRole }>(
      this.db,
      `SELECT c.id, c.name, m.role
         FROM community_members m JOIN communities c ON c.id = m.community_id
        WHERE m.user_id = $1
        ORDER BY m.joined_at, c.id`,
      [user.id],
    );
    return {
      user,
      communities: rows.map((r) => ({ id: r.id, name: r.name, namespace: communityNamespace(r.id), role: r.role })),
    };
  }
}
