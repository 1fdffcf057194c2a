import { setupWorker } from '@socket.io/sticky';
import { type RunningSocketServer, startSocketServer } from '../bootstrap';
import type { SocketConfig } from '../config/socket-config';
import { SocketMetrics } from '../metrics/socket-metrics';
import { joinClusterMetrics } from './cluster-metrics';

/** What a worker sends its primary once connections may be handed to it. */
export const WORKER_READY = 'commu-chat:socket-worker-ready';

/**
 * One worker of a clustered node: the whole socket app, minus the listening socket. The primary
 * passes connections in over IPC (`setupWorker`), and Nest's shutdown hooks close the worker on
 * SIGTERM like a single node.
 */
export async function runSocketWorker(config: SocketConfig): Promise<RunningSocketServer> {
  const clusterMetrics = joinClusterMetrics();
  const server = await startSocketServer(config, { listen: false });
  setupWorker(server.io);
  const metrics = server.app.get(SocketMetrics);
  clusterMetrics.share(metrics.registry);
  metrics.answerForNode(clusterMetrics.nodeMetrics);
  // The primary is gone (crashed, or killed without a signal reaching us): nothing can reach this
  // worker any more, so drain like on SIGTERM (leave routing at once, answer the chats in hand, tell
  // the clients to move) rather than linger. Node's cluster module exits a worker on this event
  // right away, before any asynchronous work could run, which left the routing entry behind until
  // its TTL: its listener is replaced by this one.
  process.removeAllListeners('disconnect');
  process.once('disconnect', () => void server.close().finally(() => process.exit(0)));
  process.send?.(WORKER_READY);
  return server;
}
