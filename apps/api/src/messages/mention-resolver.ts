import { findMentions } from '@app/shared';
import { pgArrayLiteral } from '../database/pg-array-literal';
import type { SqlExecutor } from '../database/sql-executor';

/** Who a message mentions, as stored. */
export interface ResolvedMentions {
  /** Members of the message's community named as `@username`, in order of appearance. */
  userIds: string[];
  /** `@channel` / `@here`. */
  channelWide: boolean;
}

/** What a mention needs from a message: where it is written, and its text. */
export interface MentionSource {
  communityId: string;
  content: string;
}

/**
 * The mentions of each message, `undefined` where it has none. The names are checked against each
 * message's community in one query for all of them, and only when some message names someone: a
 * message without an `@` costs a string search.
 */
export async function resolveMentions(tx: SqlExecutor, sources: readonly MentionSource[]): Promise<(ResolvedMentions | undefined)[]> {
  const found = sources.map((s) => findMentions(s.content));
  const names = new Set<string>();
  const communities = new Set<string>();
  found.forEach((f, i) => {
    if (f.usernames.length === 0) return;
    f.usernames.forEach((name) => names.add(name));
    communities.add(sources[i].communityId);
  });
  const members = new Map<string, string>();
  if (names.size > 0) {
    const rows = await tx.query<{ community_id: string; username: string; id: string }>(
      `SELECT cm.community_id, u.username, u.id FROM users u JOIN community_members cm ON cm.user_id = u.id
        WHERE u.username = ANY($1::text[]) AND cm.community_id = ANY($2::uuid[])`,
      [[...names], pgArrayLiteral([...communities])],
    );
    for (const row of rows) members.set(`${row.community_id} ${row.username}`, row.id);
  }
  return found.map((f, i) => {
    const userIds = f.usernames.map((name) => members.get(`${sources[i].communityId} ${name}`)).filter((id): id is string => id !== undefined);
    return userIds.length > 0 || f.channelWide ? { userIds, channelWide: f.channelWide } : undefined;
  });
}
