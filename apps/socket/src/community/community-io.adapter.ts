import { type INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { type Namespace, Server, type ServerOptions } from 'socket.io';
import type { SocketAdapterHandle } from '../cluster/socket-adapter.factory';
import type { CommunityServer } from '../common/socket-types';
import type { SocketConfig } from '../config/socket-config';
import { bindMessageHandlersPlainly } from '../patches/nest-message-handler-binding.patch';

type NestCreateOptions = NonNullable<Parameters<IoAdapter['create']>[1]>;
type CreateOptions = Omit<NestCreateOptions, 'namespace'> & { namespace?: string | RegExp };

/**
 * Nest's Socket.IO adapter with this server's options, and one parent namespace per pattern.
 *
 * Nest calls `server.of(namespace)` once per gateway. For a RegExp each call makes a new parent
 * namespace, and only the first one that matches ever receives connections: the handlers of the
 * other gateways would never be bound. So every gateway declaring the community pattern gets the
 * same parent namespace, and feature gateways stay separate classes.
 */
export class CommunityIoAdapter extends IoAdapter {
  private io?: CommunityServer;
  private readonly parents = new Map<string, Namespace>();
  private readonly logger = new Logger(CommunityIoAdapter.name);

  constructor(
    app: INestApplicationContext,
    private readonly config: SocketConfig,
    private readonly socketAdapter: SocketAdapterHandle,
  ) {
    super(app);
  }

  /** The Socket.IO server, once Nest has created it. */
  get server(): CommunityServer {
    if (!this.io) throw new Error('the Socket.IO server is created when the Nest application initialises');
    return this.io;
  }

  /**
   * Built here rather than by Nest, which bundles a Socket.IO copy of its own: the server must be
   * the version this app depends on and is typed against.
   */
  override createIOServer(port: number, options?: Partial<ServerOptions>): CommunityServer {
    const serverOptions: Partial<ServerOptions> = {
      ...options,
      serveClient: false,
      cors: { origin: this.config.corsOrigin },
      // CORS binds only browsers' polling requests; a WebSocket handshake is checked here.
      allowRequest: (req, callback) => {
        const allowed = originAllowed(req.headers.origin, this.config.corsOrigin);
        callback(allowed ? null : 'origin not allowed', allowed);
      },
      pingInterval: this.config.heartbeat.pingIntervalMs,
      pingTimeout: this.config.heartbeat.pingTimeoutMs,
      // Namespaces exist per community that has someone connected; idle ones must not pile up.
      cleanupEmptyChildNamespaces: true,
      ...(this.socketAdapter.adapter ? { adapter: this.socketAdapter.adapter } : {}),
    };
    // Port 0 on a gateway means "share the Nest HTTP server", as in Nest's own adapter.
    const io: CommunityServer = this.httpServer && port === 0 ? new Server(this.httpServer, serverOptions) : new Server(port, serverOptions);
    this.io = io;
    return io;
  }

  override create(port: number, options?: CreateOptions): ReturnType<IoAdapter['create']> {
    const { namespace, server } = options ?? {};
    if (!(namespace instanceof RegExp) || !(server instanceof Server)) {
      return super.create(port, options as NestCreateOptions);
    }
    const key = namespace.toString();
    let parent = this.parents.get(key);
    if (!parent) {
      parent = server.of(namespace);
      this.parents.set(key, parent);
    }
    // Nest types a gateway's server as a Server; for a namespaced gateway it is the namespace.
    return parent as unknown as ReturnType<IoAdapter['create']>;
  }

  /** Nest's binding, replaced by a plain listener per event: see the patch's header for why. */
  override bindMessageHandlers(...args: Parameters<IoAdapter['bindMessageHandlers']>): void {
    bindMessageHandlersPlainly(this, this.logger, ...args);
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await this.socketAdapter.close();
  }
}

/** A request without Origin comes from no browser page; one with an Origin must be on the list. */
export function originAllowed(origin: string | undefined, allowed: '*' | readonly string[]): boolean {
  return origin === undefined || allowed === '*' || allowed.includes(origin);
}
