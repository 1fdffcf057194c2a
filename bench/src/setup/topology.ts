import type { ChannelSummary, CommunitySummary, LoginResponse } from '@app/shared';
import { mapLimit, type RestClient } from '../lib/rest-client';

export interface BenchUser {
  id: string;
  username: string;
  token: string;
}

export interface BenchCommunity {
  id: string;
  namespace: string;
  channels: string[];
  /** `members[0]` owns the community and created its channels. */
  members: BenchUser[];
}

export interface TopologySpec {
  /** Prefix of every name; keeps runs apart in a shared database. Short: usernames max out at 32. */
  tag: string;
  communities: number;
  channelsPerCommunity: number;
  /** Every member of a community is a member of each of its channels. */
  membersPerCommunity: number;
  /** REST calls in flight during setup. */
  concurrency: number;
  /** Users to reuse: `users[k][i]` is member `i` of community `k` (the chat modes share users). */
  users?: BenchUser[][];
}

export async function loginUsers(api: RestClient, usernames: string[], concurrency: number): Promise<BenchUser[]> {
  return mapLimit(usernames, concurrency, async (username) => {
    const res = await api.json<LoginResponse>('POST', '/api/auth/login', undefined, { username });
    return { id: res.user.id, username: res.user.username, token: res.token };
  });
}

export async function createUsersGrid(
  api: RestClient,
  tag: string,
  communities: number,
  members: number,
  concurrency: number,
): Promise<BenchUser[][]> {
  const names = Array.from({ length: communities * members }, (_, n) => `${tag}u${Math.floor(n / members)}_${n % members}`);
  const flat = await loginUsers(api, names, concurrency);
  return Array.from({ length: communities }, (_, k) => flat.slice(k * members, (k + 1) * members));
}

/**
 * Builds K communities of M channels with C members each through the public REST API, exactly as
 * clients would: login, create community, add members, create channels, join them.
 */
export async function buildTopology(api: RestClient, spec: TopologySpec): Promise<BenchCommunity[]> {
  const users = spec.users ?? (await createUsersGrid(api, spec.tag, spec.communities, spec.membersPerCommunity, spec.concurrency));
  // Communities one lane each; inside a community the calls fan out so a large K stays fast.
  return mapLimit(
    Array.from({ length: spec.communities }, (_, k) => k),
    Math.max(1, Math.floor(spec.concurrency / 4)),
    async (k) => {
      const members = users[k].slice(0, spec.membersPerCommunity);
      const owner = members[0];
      const community = await api.json<CommunitySummary>('POST', '/api/communities', owner.token, { name: `${spec.tag} c${k}` });
      await mapLimit(members.slice(1), 4, (m) => api.json('POST', `/api/communities/${community.id}/members`, owner.token, { userId: m.id }));
      const channels = await mapLimit(
        Array.from({ length: spec.channelsPerCommunity }, (_, j) => j),
        4,
        async (j) => (await api.json<ChannelSummary>('POST', `/api/communities/${community.id}/channels`, owner.token, { name: `ch${j}` })).id,
      );
      const joins = members.slice(1).flatMap((m) => channels.map((channelId) => ({ m, channelId })));
      await mapLimit(joins, 4, ({ m, channelId }) => api.json('POST', `/api/channels/${channelId}/join`, m.token));
      return { id: community.id, namespace: community.namespace, channels, members };
    },
  );
}
