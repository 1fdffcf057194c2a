import { COMMUNITY_NAMESPACE_PATTERN, personalRoutingKey, USER_NAMESPACE } from '@app/shared';
import type { CommunityNamespace, CommunityServer } from '../common/socket-types';

/** A community namespace with sockets in this process, under its routing key (the community id). */
export interface ServedCommunity {
  routingKey: string;
  nsp: CommunityNamespace;
}

/** The community namespaces this process holds sockets in. */
export function servedCommunities(io: CommunityServer): ServedCommunity[] {
  const served: ServedCommunity[] = [];
  for (const [name, nsp] of io._nsps) {
    const communityId = COMMUNITY_NAMESPACE_PATTERN.exec(name)?.[1];
    if (communityId && nsp.sockets.size > 0) served.push({ routingKey: communityId, nsp });
  }
  return served;
}

/**
 * Every routing key this process serves: its communities, and `user-<id>` for each user whose own
 * namespace (USER_NAMESPACE) is here (the API routes those like communities).
 */
export function servedRoutingKeys(io: CommunityServer): string[] {
  const keys = servedCommunities(io).map((c) => c.routingKey);
  const personal = io._nsps.get(USER_NAMESPACE);
  const users = new Set<string>();
  for (const socket of personal?.sockets.values() ?? []) if (socket.data.user) users.add(socket.data.user.id);
  return [...keys, ...[...users].map(personalRoutingKey)];
}
