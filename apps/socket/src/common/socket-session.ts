import type { ErrorInfo } from '@app/shared';
import type { ExtendedError } from 'socket.io';
import type { CommunitySocket } from './socket-types';

/** setTimeout's longest delay (about 24.8 days); a token that lives longer is checked again at reconnect. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A socket is as good as the token it connected with: when that expires, the client is told why
 * (`session-expired`, `unauthorized`) and the socket is closed. Socket.IO does not reconnect after a
 * server-side close; a client that reconnects with the same token is refused at the handshake.
 */
export function closeWhenTokenExpires(socket: CommunitySocket): void {
  const expiresAt = socket.data.tokenExpiresAt;
  if (expiresAt === undefined) return;
  const delay = expiresAt - Date.now();
  if (delay > MAX_TIMER_MS) return;
  const timer = setTimeout(
    () => {
      socket.emit('session-expired', { code: 'unauthorized', message: 'your session has expired: sign in again' });
      socket.disconnect(true);
    },
    Math.max(0, delay),
  );
  timer.unref();
  socket.once('disconnect', () => clearTimeout(timer));
}

/** The contract: a `connect_error`'s message is the code; `data` carries the words. */
export function connectRefusal(info: ErrorInfo): ExtendedError {
  const refusal: ExtendedError = new Error(info.code);
  refusal.data = { code: info.code, message: info.message };
  return refusal;
}
