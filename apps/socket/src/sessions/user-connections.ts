import { Injectable } from '@nestjs/common';
import type { ExtendedError, Socket } from 'socket.io';
import { connectRefusal } from '../common/socket-session';
import { SocketConfig } from '../config/socket-config';

/**
 * Each user's open connections in this process (MAX_SOCKETS_PER_USER), whatever namespaces they
 * carry (communities and `/socket/me`): a client multiplexes its namespaces over one connection,
 * which counts once. Both gateways admit through it, so neither namespace opens a way around the cap.
 */
@Injectable()
export class UserConnections {
  /** user id → connection → how many of its namespaces are open. */
  private readonly byUser = new Map<string, Map<object, number>>();

  constructor(private readonly config: SocketConfig) {}

  /**
   * The handshake refusal for `socket` when the user is at the cap (and its connection is not
   * counted already); undefined when it may open.
   */
  refusal(userId: string, socket: Socket): ExtendedError | undefined {
    const connections = this.byUser.get(userId);
    if (!connections || connections.has(socket.conn) || connections.size < this.config.maxSocketsPerUser) return undefined;
    return connectRefusal({ code: 'rate_limited', message: `at most ${this.config.maxSocketsPerUser} open connections per user` });
  }

  opened(userId: string, socket: Socket): void {
    let connections = this.byUser.get(userId);
    if (!connections) this.byUser.set(userId, (connections = new Map()));
    connections.set(socket.conn, (connections.get(socket.conn) ?? 0) + 1);
  }

  closed(userId: string | undefined, socket: Socket): void {
    const connections = userId === undefined ? undefined : this.byUser.get(userId);
    if (!connections) return;
    const namespaces = connections.get(socket.conn) ?? 0;
    if (namespaces > 1) connections.set(socket.conn, namespaces - 1);
    else connections.delete(socket.conn);
    if (connections.size === 0) this.byUser.delete(userId!);
  }
}
