import cluster from 'node:cluster';
import { Logger } from '@nestjs/common';
import { startSocketServer } from './bootstrap';
import { runSocketPrimary } from './cluster/socket-primary';
import { runSocketWorker } from './cluster/socket-worker';
import { loadSocketConfig } from './config/socket-config';

/**
 * Entry point of one socket node: one process, or with SOCKET_WORKERS > 1 a primary that owns the
 * port and N workers (cluster/socket-primary.ts). SIGINT/SIGTERM are handled by Nest's shutdown
 * hooks (enabled in bootstrap): the node drains (community/node-drain.service.ts: leaves routing,
 * answers the chats in hand, sends `server-draining` and closes every socket), the servers close,
 * the API pool and Redis are released, and the process exits 0 within DRAIN_TIMEOUT_MS.
 */
async function main(): Promise<void> {
  const config = loadSocketConfig();
  if (config.scaleOut.workers > 1) {
    if (cluster.isPrimary) return runSocketPrimary(config);
    await runSocketWorker(config);
    return;
  }
  const server = await startSocketServer(config);
  const { port } = new URL(server.url);
  new Logger('SocketServer').log(
    `listening on ${config.host}:${port}, namespaces /socket/commu-<communityId>, API ${config.apiUrl}` +
      (config.redisUrl ? `, node ${config.scaleOut.nodeId} announced at ${server.publicUrl}` : ''),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
