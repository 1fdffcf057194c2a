import { Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import { COMMUNITY_NAMESPACE_PATTERN } from '@app/shared';
import type { ExtendedError } from 'socket.io';
import { processPeersOf } from '../cluster/process-local-broadcasts';
import { failureAck, toErrorInfo } from '../common/failure-ack';
import { closeWhenTokenExpires, connectRefusal } from '../common/socket-session';
import type { CommunityNamespace, CommunitySocket } from '../common/socket-types';
import { HandshakeAuthService } from './handshake-auth.service';
import { holdNamespaceDuringHandshake } from './namespace-hold';
import { NodeDrain } from './node-drain.service';
import { UserConnections } from '../sessions/user-connections';
import { UserEventsSubscriber } from '../user-events/user-events.subscriber';
import { joinUserRoom } from '../user-events/user-rooms';

/**
 * Owns the community namespaces: the handshake check that every child namespace inherits from the
 * parent, and what no feature gateway handles. Feature gateways declare the same pattern and share
 * this parent namespace (see CommunityIoAdapter).
 */
@WebSocketGateway({ namespace: COMMUNITY_NAMESPACE_PATTERN })
export class CommunityGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, BeforeApplicationShutdown {
  private readonly logger = new Logger(CommunityGateway.name);
  private connected = 0;
  private parent?: CommunityNamespace;

  constructor(
    private readonly auth: HandshakeAuthService,
    private readonly userConnections: UserConnections,
    private readonly nodeDrain: NodeDrain,
    private readonly userEvents: UserEventsSubscriber,
  ) {}

  afterInit(parent: CommunityNamespace): void {
    this.parent = parent;
    // Registered before the first child exists: Socket.IO copies the parent's middleware into each child.
    parent.use((socket, next) => this.admit(socket, next));
    // The main namespace always exists in Socket.IO but serves nothing here: refuse it rather than
    // hold idle, unauthenticated connections open.
    parent.server.use((_socket, next) => next(connectRefusal({ code: 'not_found', message: 'connect to /socket/commu-<communityId>' })));
    this.userEvents.attach(parent.server);
  }

  handleConnection(socket: CommunitySocket): void {
    this.connected++;
    this.userConnections.opened(socket.data.user.id, socket);
    closeWhenTokenExpires(socket);
    joinUserRoom(socket);
    this.logger.debug(`${socket.data.user.username} connected to ${socket.nsp.name} (${socket.id})`);
    // A client waiting on an ack for an event nobody handles would wait forever.
    socket.onAny((event: string, ...args: unknown[]) => {
      if (socket.listeners(event as 'chat').length > 0) return;
      const ack = args.at(-1);
      if (typeof ack === 'function') {
        ack(failureAck(event, { code: 'validation_failed', message: `unknown event "${event}"` }));
      }
    });
  }

  handleDisconnect(socket: CommunitySocket): void {
    this.connected--;
    this.userConnections.closed(socket.data.user?.id, socket);
    this.logger.debug(`${socket.data.user?.username ?? socket.id} left ${socket.nsp.name}`);
  }

  /** Before the servers close: see NodeDrain (routing left, chats answered, clients told to move). */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.logger.log(`shutting down${signal ? ` on ${signal}` : ''}: draining ${this.connected} socket connections`);
    if (this.parent) await this.nodeDrain.drain(this.parent.server);
  }

  private admit(socket: CommunitySocket, next: (err?: ExtendedError) => void): void {
    // The node has left routing: the client asks the endpoint route again and goes elsewhere.
    if (this.nodeDrain.active) return next(connectRefusal({ code: 'unavailable', message: 'this node is shutting down' }));
    const release = holdNamespaceDuringHandshake(socket);
    // Admitted only once the other processes serving this community publish their broadcasts to this one.
    const peers = processPeersOf(socket.nsp)?.joinPeers();
    Promise.all([this.auth.authenticate(socket.handshake.auth, socket.nsp.name), peers]).then(
      ([data]) => {
        const overCap = this.userConnections.refusal(data.user.id, socket);
        if (overCap) {
          release(false);
          return next(overCap);
        }
        socket.data = data;
        release(true);
        next();
      },
      (err: unknown) => {
        const info = toErrorInfo(err);
        if (info.code === 'internal_error') this.logger.error('handshake check failed', err instanceof Error ? err.stack : String(err));
        else this.logger.debug(`refused ${socket.nsp.name}: ${info.code} (${info.message})`);
        release(false);
        next(connectRefusal(info));
      },
    );
  }
}
