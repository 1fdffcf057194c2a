import { Injectable } from '@nestjs/common';
import type { ErrorCode, InternalChannelAccessResponse, InternalCommunityAccessResponse, UserSummary } from '@app/shared';
import { InternalAccessRepository } from './internal-access.repository';

/** Answers the socket app's "may this user connect / join" questions from the database, every time. */
@Injectable()
export class InternalAccessService {
  constructor(private readonly access: InternalAccessRepository) {}

  async communityAccess(userId: string, communityId: string): Promise<InternalCommunityAccessResponse> {
    const row = await this.access.communityAccess(userId, communityId);
    // A valid signature on a user that does not exist (deleted, or another database's) is a bad token,
    // as the API's bearer guard says too: `unauthorized`, whatever community it asks for.
    if (!row?.user_id || !row.username) return { ok: false, error: { code: 'unauthorized', message: 'the token names no user' } };
    if (!row.community_exists) return { ok: false, error: { code: 'not_found', message: 'no such community' } };
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
    const rows = await this.access.channelsAccess(userId, ids);
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
