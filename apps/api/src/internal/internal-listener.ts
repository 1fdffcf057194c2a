import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { HttpRequest, HttpResponse, NextFunction } from '../common/http.types';

const INTERNAL_PATH = /^\/internal(\/|$)/;
/** The probes answer on both: the socket nodes' readiness asks the API's liveness where they reach it. */
const PROBE_PATH = /^\/health(\/|$)/;

/**
 * The socket nodes' routes (`/internal/*`: post as any user, read anyone's access) answer on a
 * listener of their own, bound to loopback or a private interface, and nowhere else: the public port
 * answers 404 for them whatever the token, and the internal port serves nothing but them (and the
 * health probes, which the socket nodes' readiness asks for on the same address). One Nest
 * app (one pool, one set of services) behind both listeners; the split is by the port a request
 * came in on.
 */
export class InternalListener {
  private server: http.Server | undefined;
  private port = -1;

  /** The listener once open. */
  get httpServer(): http.Server | undefined {
    return this.server;
  }

  /** Express middleware, installed before the routes. */
  readonly split = (req: HttpRequest, res: HttpResponse, next: NextFunction): void => {
    const onInternalPort = req.socket.localPort === this.port;
    const internalPath = INTERNAL_PATH.test(req.path);
    if (onInternalPort ? internalPath || PROBE_PATH.test(req.path) : !internalPath) return next();
    res.status(404).json({ error: { code: 'not_found', message: 'not found' } });
  };

  /** Opens the listener on the app's request handler; closed with the app's own server. */
  async open(app: INestApplication, host: string, port: number): Promise<string> {
    const handler = app.getHttpAdapter().getInstance() as http.RequestListener;
    const server = http.createServer(handler);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    // The public server closes last in Nest's shutdown (both were drained before: HttpShutdown);
    // this one follows, whatever is left on it included.
    (app.getHttpServer() as http.Server).once('close', () => void this.close());
    return `http://${urlHost(host)}:${this.port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

/** A host as a URL names it: wildcard binds are reached on loopback, IPv6 in brackets. */
export function urlHost(host: string): string {
  const reachable = ['0.0.0.0', '::', '127.0.0.1', 'localhost'].includes(host) ? '127.0.0.1' : host;
  return reachable.includes(':') ? `[${reachable}]` : reachable;
}
