import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type INestApplication, Logger, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { nestLogLevels, useAppLogger } from '@app/server';
import { HEALTH_ROUTES, INTERNAL_ROUTES, INTERNAL_USER_EVENTS_ROUTE } from '@app/shared';
import { AppModule } from './app.module';
import { requestIdMiddleware } from './common/request-id.middleware';
import type { ApiConfig } from './config/api-config';
import { ApiMetrics } from './metrics/api-metrics';
import { securityHeaders } from './security/security-headers';
import { answerClientErrorsWithContractBody } from './common/client-errors';
import { HttpShutdown } from './common/http-shutdown.service';
import { InternalListener, urlHost } from './internal/internal-listener';
import { serveWebClient } from './web-client';

export interface ApiServer {
  app: INestApplication;
  /** Where this process answers, e.g. `http://127.0.0.1:43121` (the real port when API_PORT=0). */
  url: string;
  /** Where the socket nodes reach `/internal/*` (INTERNAL_HOST:INTERNAL_PORT), e.g. `http://127.0.0.1:3100`. */
  internalUrl: string;
  close(): Promise<void>;
}

export interface StartApiServerOptions {
  /**
   * Close on SIGINT/SIGTERM (default true). Turn off when another owner of the process (a combined
   * launcher) handles the signals and calls `close()` itself.
   */
  shutdownHooks?: boolean;
}

export const JSON_BODY_LIMIT = '1mb';

export async function startApiServer(config: ApiConfig, options: StartApiServerOptions = {}): Promise<ApiServer> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: nestLogLevels(config.LOG_LEVEL),
    // Boot lines wait for pino (useAppLogger), so they come out in LOG_FORMAT too.
    bufferLogs: true,
    bodyParser: false,
    // Not forced: that would cut requests in flight too. HttpShutdown closes the listeners gracefully
    // (idle keep-alive connections at once, the others once answered) before Nest disposes the app.
    forceCloseConnections: false,
  });
  useAppLogger(app);
  // Logged through the app's logger, so LOG_LEVEL applies to them too.
  for (const warning of config.deprecations) new Logger('ApiConfig').warn(warning);
  // First, so that even a request refused by the body parser has an id in its answer and its log.
  app.use(requestIdMiddleware);
  // Next, so that every request is timed, refused ones included.
  app.use(app.get(ApiMetrics).httpMiddleware);
  const internal = new InternalListener();
  app.use(internal.split);
  app.use(securityHeaders([config.SOCKET_ENDPOINT_URL, ...config.CSP_CONNECT_SRC]));
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  // The socket app's routes, the metrics and the health probes live beside /api, not under it.
  app.setGlobalPrefix('api', {
    exclude: [
      ...[...Object.values(INTERNAL_ROUTES), INTERNAL_USER_EVENTS_ROUTE].map((route) => ({ path: route.slice(1), method: RequestMethod.ALL })),
      { path: 'metrics', method: RequestMethod.GET },
      ...Object.values(HEALTH_ROUTES).map((route) => ({ path: route.slice(1), method: RequestMethod.GET })),
    ],
  });
  if (config.WEB_DIR) serveWebClient(app, config.WEB_DIR);
  // Exit 0 once closed (not the default re-raised signal): an API stopped as asked.
  if (options.shutdownHooks ?? true) app.enableShutdownHooks([], { useProcessExit: true });
  const httpShutdown = app.get(HttpShutdown);
  httpShutdown.watch(app.getHttpServer() as http.Server);

  answerClientErrorsWithContractBody(app.getHttpServer() as http.Server);
  await app.listen(config.API_PORT, config.API_HOST);
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://${urlHost(config.API_HOST)}:${port}`;
  let internalUrl: string;
  try {
    internalUrl = await internal.open(app, config.INTERNAL_HOST, config.INTERNAL_PORT);
    httpShutdown.watch(internal.httpServer!);
  } catch (err) {
    await app.close();
    throw err;
  }
  return {
    app,
    url,
    internalUrl,
    close: async () => {
      await app.close();
      await internal.close();
    },
  };
}
