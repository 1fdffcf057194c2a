import type http from 'node:http';

/**
 * A graceful close of an HTTP server: requests in flight finish and are answered, then their
 * connections close (`Connection: close`); idle keep-alive connections close at once, so they do
 * not hold the close open for the keep-alive timeout; past `graceMs`, whatever is left is cut.
 * (Nest's `forceCloseConnections` cuts requests in flight too: a socket node's chat batch would be
 * lost halfway.)
 */
export class HttpServerDrain {
  private closing = false;
  private readonly inFlight = new Set<http.ServerResponse>();

  constructor(private readonly server: http.Server) {
    server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
      if (this.closing) lastOnItsConnection(res);
      this.inFlight.add(res);
      res.once('close', () => this.inFlight.delete(res));
      // The connection is idle once the answer is out: close it rather than keep it alive.
      res.once('finish', () => {
        if (this.closing) setImmediate(() => this.server.closeIdleConnections());
      });
    });
  }

  /** Starts closing; resolves once every connection is closed. Idempotent. */
  close(graceMs: number): Promise<void> {
    this.closing = true;
    for (const res of this.inFlight) lastOnItsConnection(res);
    return new Promise((resolve) => {
      const cut = setTimeout(() => this.server.closeAllConnections(), graceMs);
      cut.unref();
      if (!this.server.listening) {
        clearTimeout(cut);
        return resolve();
      }
      this.server.close(() => {
        clearTimeout(cut);
        resolve();
      });
      this.server.closeIdleConnections();
    });
  }
}

function lastOnItsConnection(res: http.ServerResponse): void {
  if (!res.headersSent) res.shouldKeepAlive = false;
}
