import { COMMUNITY_NAMESPACE_PATTERN, communityNamespace, type InternalUserEvent, USER_NAMESPACE } from '@app/shared';
import type { CommunityNamespace, CommunitySocket } from '../common/socket-types';
import type { Server } from 'socket.io';

/** The room of one user's sockets in a namespace (channel rooms are bare uuids: no clash). */
export const USER_ROOM_PREFIX = 'user:';
export const userRoom = (userId: string): string => `${USER_ROOM_PREFIX}${userId}`;

/** Every socket joins its user's room, so user events reach it by room like any broadcast. */
export function joinUserRoom(socket: CommunitySocket): void {
  void socket.join(userRoom(socket.data.user.id));
}

/**
 * Emits a user event to the sockets of its users held by this process, in their own namespace
 * (USER_NAMESPACE) and in every community namespace. Local only: every node reads the same stream and serves its own sockets, so going
 * through the Redis adapter would deliver each event once per node.
 * A removal also takes effect here: sockets of a community the user left are closed, and a
 * channel's room is left, so nothing more of it reaches them.
 */
export function deliverUserEvent(server: Server, event: InternalUserEvent): void {
  const rooms = event.userIds.map(userRoom);
  for (const [name, nsp] of server._nsps) {
    if (name !== USER_NAMESPACE && !COMMUNITY_NAMESPACE_PATTERN.test(name)) continue;
    (nsp as CommunityNamespace).local.to(rooms).emit(event.event, event.payload as never);
  }
  if (event.event === 'read-marker' || event.payload.member) return;
  const nsp = server._nsps.get(communityNamespace(event.payload.communityId)) as CommunityNamespace | undefined;
  if (!nsp) return;
  if (event.event === 'community-membership') nsp.local.in(rooms).disconnectSockets(true);
  else nsp.local.in(rooms).socketsLeave(event.payload.channelId);
}
