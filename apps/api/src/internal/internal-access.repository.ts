import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';

/** A user and a community, as the socket app's connect check sees them. */
export interface CommunityAccessRow {
  community_exists: boolean;
  user_id: string | null;
  username: string | null;
  is_member: boolean;
}

/** A channel asked about, with its community and whether the user is in it. */
export interface ChannelAccessCheckRow {
  id: string;
  community_id: string;
  in_channel: boolean;
}

/** The socket app's access questions, each one query. */
@Injectable()
export class InternalAccessRepository {
  constructor(private readonly db: Database) {}

  async communityAccess(userId: string, communityId: string): Promise<CommunityAccessRow | undefined> {
    const [row] = await this.db.query<CommunityAccessRow>(
      `SELECT EXISTS (SELECT 1 FROM communities WHERE id = $2) AS community_exists,
              u.id AS user_id, u.username,
              EXISTS (SELECT 1 FROM community_members WHERE community_id = $2 AND user_id = $1) AS is_member
         FROM (SELECT 1) one LEFT JOIN users u ON u.id = $1`,
      [userId, communityId],
    );
    return row;
  }

  async channelsAccess(userId: string, channelIds: readonly string[]): Promise<ChannelAccessCheckRow[]> {
    return this.db.query<ChannelAccessCheckRow>(
      `SELECT c.id, c.community_id, (chm.user_id IS NOT NULL) AS in_channel
         FROM channels c LEFT JOIN channel_members chm ON chm.channel_id = c.id AND chm.user_id = $2
        WHERE c.id = ANY($1::uuid[])`,
      [channelIds, userId],
    );
  }
}
