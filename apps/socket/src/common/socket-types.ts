import type { ClientToServerEvents, ServerToClientEvents, SocketData } from '@app/shared';
import type { Namespace, Server, Socket } from 'socket.io';

/** No events travel between socket nodes yet; the Redis adapter carries broadcasts only. */
export type InterServerEvents = Record<string, never>;

export type CommunityServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type CommunityNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type CommunitySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
