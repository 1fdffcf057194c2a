import path from 'node:path';
import { startTestApi, type TestApiServer } from '../../../api/test/support';
import { type RunningSocketServer, startSocketServer } from '../../../socket/src/bootstrap';
import { socketTestConfig } from '../../../socket/test/support/socket-test-config';
import { freePort } from '../../../../test/support/free-port';

export const WEB_DIST_DIR = path.resolve(__dirname, '../../../../dist/web');

/** The API serving the built web client, and a socket server, both on loopback ports of their own. */
export interface WebStack {
  /** Where the page is served and `/api` answers, e.g. `http://127.0.0.1:41234`. */
  readonly apiUrl: string;
  readonly socketUrl: string;
  /** Closes the API only: the socket server stays up and acks `unavailable`. */
  stopApi(): Promise<void>;
  /** Starts the API again on the same port, so pages and the socket server find it where it was. */
  startApi(): Promise<void>;
  /** The socket server, while it runs (null between stopSocket and startSocket). */
  socket(): RunningSocketServer | null;
  /** Closes the socket server only: clients see a dropped connection and reconnect with backoff. */
  stopSocket(): Promise<void>;
  /** Starts the socket server again on the same port. */
  startSocket(): Promise<void>;
  close(): Promise<void>;
}

/** A port nothing listens on right now; the socket server's public URL must be known before the API starts. */

export async function startWebStack(): Promise<WebStack> {
  const socketPort = await freePort();
  const socketPublicUrl = `http://127.0.0.1:${socketPort}`;
  let api: TestApiServer | null = await startTestApi({ WEB_DIR: WEB_DIST_DIR, SOCKET_ENDPOINT_URL: socketPublicUrl });
  const apiUrl = api.url;
  const internalUrl = api.internalUrl;
  const internalPort = Number(new URL(internalUrl).port);
  const apiPort = Number(new URL(apiUrl).port);
  const startSocket = () =>
    startSocketServer(socketTestConfig({ port: socketPort, apiUrl: internalUrl, apiTimeoutMs: 2000, corsOrigin: [new URL(apiUrl).origin] }), {
      shutdownHooks: false,
    });
  let socket: RunningSocketServer | null;
  try {
    socket = await startSocket();
  } catch (err) {
    await api.close();
    throw err;
  }

  return {
    apiUrl,
    socketUrl: socketPublicUrl,
    async stopApi() {
      await api?.close();
      api = null;
    },
    async startApi() {
      if (api) return;
      // Same ports as before: the page and the socket server find it where it was.
      api = await startTestApi({ WEB_DIR: WEB_DIST_DIR, SOCKET_ENDPOINT_URL: socketPublicUrl, API_PORT: apiPort, INTERNAL_PORT: internalPort });
    },
    socket: () => socket,
    async stopSocket() {
      await socket?.close();
      socket = null;
    },
    async startSocket() {
      socket ??= await startSocket();
    },
    async close() {
      await socket?.close();
      socket = null;
      await api?.close();
      api = null;
    },
  };
}
