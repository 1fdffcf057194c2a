import { Manager, type ManagerOptions, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@app/shared';

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
 * One Socket.IO Manager (one engine connection) per socket node URL, so the namespaces of all the
 * communities a node serves are multiplexed over a single connection.
 */
export class ManagerPool {
  private readonly managers = new Map<string, Manager>();

  constructor(private readonly options: Partial<ManagerOptions> = {}) {}

  manager(url: string): Manager {
    let manager = this.managers.get(url);
    if (!manager) {
      // autoConnect off: the caller attaches its listeners before the first connect.
      manager = new Manager(url, { ...DEFAULT_MANAGER_OPTIONS, ...this.options, autoConnect: false });
      this.managers.set(url, manager);
    }
    return manager;
  }

  socket(url: string, namespace: string, token: string): ChatSocket {
    return this.manager(url).socket(namespace, { auth: { token } }) as ChatSocket;
  }

  close(): void {
    // Sockets were disconnected by their owners; this also stops a manager still trying to reconnect.
    for (const manager of this.managers.values()) manager._close();
    this.managers.clear();
  }
}
