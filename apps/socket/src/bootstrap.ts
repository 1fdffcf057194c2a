import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { type INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SocketAppModule } from './app.module';
import { createSocketAdapter, type SocketAdapterHandle } from './cluster/socket-adapter.factory';
import type { CommunityServer } from './common/socket-types';
import { CommunityIoAdapter } from './community/community-io.adapter';
import { nestLogLevels, useAppLogger } from '@app/server';
import type { SocketConfig } from './config/socket-config';
import { SocketMetrics } from './metrics/socket-metrics';
import { NodeAnnouncer } from './routing/node-announcer.service';

export interface RunningSocketServer {
  app: INestApplication;
  /** `http://127.0.0.1:<port>`: append a community namespace to connect. */
  url: string;
  /** What this node announces to routing: SOCKET_PUBLIC_URL, or `http://localhost:<port>`. */
  publicUrl: string;
  io: CommunityServer;
  /** Leaves routing, disconnects every socket, closes the Socket.IO and HTTP servers, then the API pool and Redis. Idempotent. */
  close(): Promise<void>;
}

export interface StartSocketServerOptions {
  /**
   * Close on SIGINT/SIGTERM (default true). Turn off when another owner of the process (a combined
   * launcher) handles the signals and calls `close()` itself.
   */
  shutdownHooks?: boolean;
  /**
   * Bind `config.port` (default true). A cluster worker does not: the primary owns the port and
   * hands it connections (see cluster/socket-worker.ts).
   */
  listen?: boolean;
}

/** After SIGTERM/SIGINT the process exits within `ms` (DRAIN_TIMEOUT_MS), however far the graceful close got. */
function exitWithin(ms: number, logger: Logger): () => void {
  const arm = (signal: NodeJS.Signals) => {
    setTimeout(() => {
      logger.error(`${signal}: still closing after DRAIN_TIMEOUT_MS (${ms} ms); exiting now`);
      process.exit(1);
    }, ms).unref();
  };
  process.once('SIGTERM', arm);
  process.once('SIGINT', arm);
  return () => {
    process.off('SIGTERM', arm);
    process.off('SIGINT', arm);
  };
}

/** Starts the Socket.IO app on `config.port` (0: an ephemeral port). */
export async function startSocketServer(config: SocketConfig, options: StartSocketServerOptions = {}): Promise<RunningSocketServer> {
  // Nest's Logger, which writes to pino once the app exists: the Redis connections' outage warnings,
  // logged long after boot, come out in LOG_FORMAT like every other line. Lines logged before are
  // held until then (bufferLogs below does the same), or printed as they are if the boot fails.
  Logger.overrideLogger(nestLogLevels(config.logLevel));
  Logger.attachBuffer();
  const logger = new Logger('SocketServer');
  let socketAdapter: SocketAdapterHandle;
  try {
    // Connected before the app exists: namespaces subscribe through it as soon as they are created.
    socketAdapter = await createSocketAdapter(config, logger);
  } catch (err) {
    Logger.flush();
    throw err;
  }
  let app: INestApplication;
  try {
    app = await NestFactory.create(SocketAppModule.forRoot(config, socketAdapter), {
      logger: nestLogLevels(config.logLevel),
      // Boot lines wait for pino (useAppLogger), so they come out in LOG_FORMAT too.
      bufferLogs: true,
      // Throw instead of exiting the process: the caller (main, or a test) decides.
      abortOnError: false,
      // close() must not wait for clients' keep-alive connections: a browser polling to reconnect
      // kept a closing server's HTTP server open for up to a minute.
      forceCloseConnections: true,
    });
  } catch (err) {
    Logger.flush();
    await socketAdapter.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  let disarm = () => {};
  // The adapter's Redis clients are closed by CommunityIoAdapter.dispose(); this covers a failure before it exists.
  const close = () => (closing ??= app.close().finally(() => (disarm(), socketAdapter.close())));
  try {
    useAppLogger(app);
    if (options.shutdownHooks ?? true) {
      // Exit 0 once closed (not the default re-raised signal): a drained node stopped as asked.
      app.enableShutdownHooks([], { useProcessExit: true });
      disarm = exitWithin(config.drainTimeoutMs, logger);
    }
    const ioAdapter = new CommunityIoAdapter(app, config, socketAdapter);
    app.useWebSocketAdapter(ioAdapter);
    let port = config.port;
    if (options.listen ?? true) {
      await app.listen(config.port, config.host);
      port = (app.getHttpServer().address() as AddressInfo).port;
    } else {
      await app.init();
    }
    const publicUrl = config.scaleOut.publicUrl ?? `http://localhost:${port}`;
    if (config.redisUrl && !config.scaleOut.publicUrl && config.scaleOut.workers === 1) {
      logger.warn(`SOCKET_PUBLIC_URL is unset: announcing ${publicUrl}, reachable from this machine only`);
    }
    app.get(SocketMetrics).watch(ioAdapter.server, socketAdapter.redis);
    await app.get(NodeAnnouncer).start(ioAdapter.server, publicUrl);
    return { app, url: `http://127.0.0.1:${port}`, publicUrl, io: ioAdapter.server, close };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}
