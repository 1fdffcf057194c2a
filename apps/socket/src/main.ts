import { Logger } from '@nestjs/common';
import { startSocketServer } from './bootstrap';
import { loadSocketConfig } from './config/socket-config';

/**
 * Entry point of one socket node. SIGINT/SIGTERM are handled by Nest's shutdown hooks (enabled in
 * bootstrap): sockets are disconnected, servers closed and the API pool drained before exit.
 */
async function main(): Promise<void> {
  const config = loadSocketConfig();
  const server = await startSocketServer(config);
  const { port } = new URL(server.url);
  new Logger('SocketServer').log(
    `listening on ${config.host}:${port}, namespaces /socket/commu-<communityId>, API ${config.apiUrl}`,
  );
}

main().catch((err: unknown) => {
  // eslint-disable-next-line no-console
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
