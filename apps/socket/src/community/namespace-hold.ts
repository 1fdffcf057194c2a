import type { CommunitySocket } from '../common/socket-types';

/**
 * Keeps a child namespace alive while a handshake waits in our async middleware.
 *
 * With `cleanupEmptyChildNamespaces`, Socket.IO deletes a child namespace as soon as its last
 * *connected* socket leaves, not counting handshakes still in middleware. Such a socket would then
 * connect into a namespace the server no longer routes to, while later clients get a fresh one: they
 * would never see each other's messages (e.g. a user reloading the page in a quiet community).
 * Listing the pending socket in `nsp.sockets` keeps the namespace from looking empty; on success
 * Socket.IO overwrites the entry with the same socket when it connects it.
 *
 * Returns the function to call right before `next()`.
 */
export function holdNamespaceDuringHandshake(socket: CommunitySocket): (accepted: boolean) => void {
  const sockets = socket.nsp.sockets;
  sockets.set(socket.id, socket);
  return (accepted) => {
    // Refused, or the client left meanwhile: Socket.IO's own cleanup must find the socket where it
    // put it (its pre-connect list), so it can free it and drop an empty namespace.
    if (!accepted || socket.conn.readyState !== 'open') sockets.delete(socket.id);
  };
}
