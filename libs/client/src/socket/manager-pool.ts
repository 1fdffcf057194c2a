import { Manager, type ManagerOptions, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, EndpointQuery, ServerToClientEvents } from '@app/shared';

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Reconnection defaults: quick first retry, capped at 10 s, ±50 % jitter so that clients dropped by
 * the same server restart do not come back in one burst.
 */
export const DEFAULT_MANAGER_OPTIONS: Partial<ManagerOptions> = {
  reconnection: true,
  reconnectionAttempts: Infinity,
  reconnectionDelay: 500,
  reconnectionDelayMax: 10000,
  randomizationFactor: 0.5,
  timeout: 10000,
};

/**
 * One Socket.IO Manager (one engine connection) per socket process, so the namespaces of all the
 * communities a process serves are multiplexed over a single connection. A process is its node's
 * URL plus the endpoint's `query` (which worker of the node, which node behind a proxy).
 */
export class ManagerPool {
  private readonly managers = new Map<string, Manager>();

  constructor(private readonly options: Partial<ManagerOptions> = {}) {}

  manager(url: string, query?: EndpointQuery): Manager {
    const key = processKey(url, query);
    let manager = this.managers.get(key);
    if (!manager) {
      // autoConnect off: the caller attaches its listeners before the first connect.
      manager = new Manager(url, { ...DEFAULT_MANAGER_OPTIONS, ...this.options, ...(query ? { query: { ...query } } : {}), autoConnect: false });
      this.managers.set(key, manager);
    }
    return manager;
  }

  socket(url: string, namespace: string, token: string, query?: EndpointQuery): ChatSocket {
    return this.manager(url, query).socket(namespace, { auth: { token } }) as ChatSocket;
  }

  close(): void {
    // Sockets were disconnected by their owners; this also stops a manager still trying to reconnect.
    for (const manager of this.managers.values()) manager._close();
    this.managers.clear();
  }
}

/** Which socket process an endpoint names: its URL and its routing query, in a stable order. */
export function processKey(url: string, query?: EndpointQuery): string {
  return query ? `${url}?node=${encodeURIComponent(query.node)}&worker=${query.worker ?? ''}` : url;
}
