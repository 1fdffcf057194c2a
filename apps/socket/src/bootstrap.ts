import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SocketAppModule } from './app.module';
import { createSocketAdapter } from './cluster/socket-adapter.factory';
import type { CommunityServer } from './common/socket-types';
import { CommunityIoAdapter } from './community/community-io.adapter';
import { logLevelsFrom, type SocketConfig } from './config/socket-config';

export interface RunningSocketServer {
  app: INestApplication;
  /** `http://127.0.0.1:<port>`: append a community namespace to connect. */
  url: string;
  io: CommunityServer;
  /** Disconnects every socket, closes the Socket.IO and HTTP servers, then the API pool. Idempotent. */
  close(): Promise<void>;
}

export interface StartSocketServerOptions {
  /**
   * Close on SIGINT/SIGTERM (default true). Turn off when another owner of the process (a combined
   * launcher) handles the signals and calls `close()` itself.
   */
  shutdownHooks?: boolean;
}

/** Starts the Socket.IO app on `config.port` (0: an ephemeral port). */
export async function startSocketServer(config: SocketConfig, options: StartSocketServerOptions = {}): Promise<RunningSocketServer> {
  const app = await NestFactory.create(SocketAppModule.forRoot(config), {
    logger: logLevelsFrom(config.logLevel),
    // Throw instead of exiting the process: the caller (main, or a test) decides.
    abortOnError: false,
  });
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= app.close());
  try {
    if (options.shutdownHooks ?? true) app.enableShutdownHooks();
    const ioAdapter = new CommunityIoAdapter(app, config, await createSocketAdapter(config));
    app.useWebSocketAdapter(ioAdapter);
    await app.listen(config.port, config.host);
    const { port } = app.getHttpServer().address() as AddressInfo;
    return { app, url: `http://127.0.0.1:${port}`, io: ioAdapter.server, close };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}
