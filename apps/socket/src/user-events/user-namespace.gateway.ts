import { Logger } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import { UserTokenVerifier } from '@app/server';
import { USER_NAMESPACE } from '@app/shared';
import { failureAck } from '../common/failure-ack';
import { closeWhenTokenExpires, connectRefusal } from '../common/socket-session';
import type { CommunityNamespace, CommunitySocket } from '../common/socket-types';
import { SocketConfig } from '../config/socket-config';
import { UserConnections } from '../sessions/user-connections';
import { joinUserRoom } from './user-rooms';

/**
 * Each client's own namespace: only its user events arrive here (see user-rooms.ts), so a user who
 * belongs to no community yet still hears that one was added. It takes the token and nothing else:
 * no community to check, no event to handle.
 */
@WebSocketGateway({ namespace: USER_NAMESPACE })
export class UserNamespaceGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(UserNamespaceGateway.name);
  private readonly tokens: UserTokenVerifier;

  constructor(
    config: SocketConfig,
    private readonly userConnections: UserConnections,
  ) {
    this.tokens = new UserTokenVerifier(config.jwtSecret, config.tokenRules);
  }

  afterInit(namespace: CommunityNamespace): void {
    namespace.use((socket, next) => {
      const token: unknown = socket.handshake.auth?.token;
      const checked = typeof token === 'string' && token.length > 0 ? this.tokens.check(token) : undefined;
      if (!checked?.ok) return next(connectRefusal({ code: 'unauthorized', message: 'auth.token is not a valid token' }));
      const overCap = this.userConnections.refusal(checked.userId, socket);
      if (overCap) return next(overCap);
      // The username is not needed here; the id is what user events are addressed to.
      socket.data = { user: { id: checked.userId, username: '' }, communityId: '' };
      if (checked.expiresAt !== undefined) socket.data.tokenExpiresAt = checked.expiresAt;
      next();
    });
  }

  handleConnection(socket: CommunitySocket): void {
    this.userConnections.opened(socket.data.user.id, socket);
    joinUserRoom(socket);
    closeWhenTokenExpires(socket);
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack === 'function') ack(failureAck(event, { code: 'validation_failed', message: `${USER_NAMESPACE} takes no events` }));
    });
    this.logger.debug(`user ${socket.data.user.id} listening on ${USER_NAMESPACE} (${socket.id})`);
  }

  handleDisconnect(socket: CommunitySocket): void {
    this.userConnections.closed(socket.data.user?.id, socket);
  }
}
