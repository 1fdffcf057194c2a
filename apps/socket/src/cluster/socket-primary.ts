import cluster, { type Worker } from 'node:cluster';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { setupMaster } from '@socket.io/sticky';
import { standaloneLogger } from '@app/server';
import type { SocketConfig } from '../config/socket-config';
import { StickyHandoff } from '../patches/sticky-handoff.patch';
import { serveClusterMetrics } from './cluster-metrics';
import { WORKER_READY } from './socket-worker';

/**
 * SOCKET_WORKERS > 1: this process owns the port and hands each TCP connection to a worker, which
 * runs the whole socket app. Sticky sessions (`@socket.io/sticky`): a connection whose first
 * request names an Engine.IO session (`sid=`) goes to the worker holding it, so long-polling
 * clients (every default Socket.IO client starts with polling) keep hitting the same worker; new
 * sessions go to the worker the request names (`worker=<index>` in its query, which the endpoint
 * route hands out so that each community's members share one worker), else to the worker with the
 * fewest. Workers answer HTTP with `Connection: close`, so a
 * keep-alive connection never carries a second session's requests to the wrong worker. WebSocket
 * connections are handed over once and never touch this process again. Broadcasts reach the other
 * workers, and other nodes, through the Redis adapter when they serve the same community
 * (cluster/process-local-broadcasts.ts).
 */
export async function runSocketPrimary(config: SocketConfig): Promise<void> {
  const logger = standaloneLogger({ level: config.logLevel, format: config.logFormat }, 'SocketPrimary');
  const { workers: count } = config.scaleOut;
  // Buffers (the first chunk of each connection) must survive the IPC channel as Buffers.
  cluster.setupPrimary({ serialization: 'advanced' });
  // GET /metrics, which a worker receives, answers for every worker of the node.
  serveClusterMetrics();

  // The port is bound once every worker is ready: sticky hands connections to any forked worker,
  // ready or not. Port 0 (tests) is resolved first, as the workers must announce the real one.
  const port = config.port === 0 ? await freePort(config.host) : config.port;
  const env = {
    // One node behind one URL: every worker announces the same node id and URL (routing adds them up).
    SOCKET_NODE_ID: config.scaleOut.nodeId,
    SOCKET_PUBLIC_URL: config.scaleOut.publicUrl ?? `http://localhost:${port}`,
    SOCKET_PORT: String(port),
  };
  if (!config.scaleOut.publicUrl)
    logger.warn(`SOCKET_PUBLIC_URL is unset: announcing ${env.SOCKET_PUBLIC_URL}, reachable from this machine only`);

  let stopping = false;
  const handoff = new StickyHandoff();
  // Each worker keeps its index for life, and a replacement takes the index of the worker it
  // replaces: routing names workers by index (the endpoint's `worker` query parameter).
  const fork = (index: number): Promise<Worker> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork({ ...env, SOCKET_WORKER_INDEX: String(index) });
      handoff.starting(worker, index);
      const onExit = (code: number | null) => reject(new Error(`socket worker ${worker.process.pid} exited with code ${code} while starting`));
      worker.once('exit', onExit);
      worker.on('message', (message: unknown) => {
        if (message !== WORKER_READY) return;
        worker.off('exit', onExit);
        handoff.ready(worker);
        resolve(worker);
      });
    });

  try {
    await Promise.all(Array.from({ length: count }, (_, index) => fork(index)));
  } catch (err) {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    throw err;
  }
  const server = http.createServer();
  setupMaster(server, { loadBalancingMethod: 'least-connection' });
  handoff.guard(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, config.host, () => resolve());
  });
  logger.log(`listening on ${config.host}:${port} with ${count} workers (sticky sessions), node ${config.scaleOut.nodeId}`);

  // A worker that dies is replaced; its clients reconnect (and land on a live worker meanwhile).
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const index = handoff.indexOf(worker);
    logger.error(`socket worker ${worker.process.pid} died (${signal ?? `code ${code}`}); starting another`);
    setTimeout(() => {
      if (!stopping && index !== undefined) fork(index).catch((err: unknown) => logger.error(err instanceof Error ? err.message : String(err)));
    }, 1000).unref();
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: stopping ${count} workers`);
    server.close();
    const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
    let left = alive.length;
    const done = () => process.exit(0);
    if (left === 0) done();
    for (const worker of alive) {
      worker.once('exit', () => --left === 0 && done());
      // Workers drain (community/node-drain.service.ts): leave routing, refuse handshakes, answer the
      // chats in hand, tell sockets to move, release the API pool and Redis.
      worker.process.kill('SIGTERM');
    }
    // Each worker exits within DRAIN_TIMEOUT_MS of its own; a worker past that (and a little) is stuck.
    setTimeout(() => process.exit(1), config.drainTimeoutMs + 2000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
