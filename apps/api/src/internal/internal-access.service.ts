import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ErrorCode, InternalChannelAccessResponse, InternalCommunityAccessResponse, UserSummary } from '@app/shared';
import { DataSource } from 'typeorm';
import { queryOne, queryRows } from '../database/query-rows';

/** Answers the socket app's "may this user connect / join" questions from the database, every time. */
@Injectable()
export class InternalAccessService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async communityAccess(userId: string, communityId: string): Promise<InternalCommunityAccessResponse> {
    const row = await queryOne<{ community_exists: boolean; user_id: string | null; username: string | null; is_member: boolean }>(
      this.db,
      `SELECT EXISTS (SELECT 1 FROM communities WHERE id = $2) AS community_exists,
              u.id AS user_id, u.username,
              EXISTS (SELECT 1 FROM community_members WHERE community_id = $2 AND user_id = $1) AS is_member
         FROM (SELECT 1) one LEFT JOIN users u ON u.id = $1`,
      [userId, communityId],
    );
    if (!row?.community_exists) return { ok: false, error: { code: 'not_found', message: 'no such community' } };
    if (!row.user_id || !row.username) return { ok: false, error: { code: 'not_found', message: 'no such user' } };
    if (!row.is_member) return { ok: false, error: { code: 'forbidden', message: 'not a member of this community' } };
    const user: UserSummary = { id: row.user_id, username: row.username };
    return { ok: true, user };
  }

  /** Allowed: channels of THIS community the user is a member of; the others say why, in request order. */
  async channelAccess(userId: string, communityId: string, channelIds: string[]): Promise<InternalChannelAccessResponse> {
    const ids = [...new Set(channelIds)];
    const community = await this.communityAccess(userId, communityId);
    if (!community.ok) {
      return { allowed: [], rejected: ids.map((channelId) => ({ channelId, code: community.error.code })) };
    }
    const rows = await queryRows<{ id: string; community_id: string; in_channel: boolean }>(
      this.db,
      `SELECT c.id, c.community_id, (chm.user_id IS NOT NULL) AS in_channel
         FROM channels c LEFT JOIN channel_members chm ON chm.channel_id = c.id AND chm.user_id = $2
        WHERE c.id = ANY($1::uuid[])`,
      [ids, userId],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const result: InternalChannelAccessResponse = { allowed: [], rejected: [] };
    for (const channelId of ids) {
      const row = byId.get(channelId);
      const code: ErrorCode | null = !row || row.community_id !== communityId ? 'not_found' : row.in_channel ? null : 'forbidden';
      if (code) result.rejected.push({ channelId, code });
      else result.allowed.push(channelId);
    }
    return result;
  }
}
