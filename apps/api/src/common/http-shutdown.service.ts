import type http from 'node:http';
import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { HttpServerDrain } from './http-server-drain';

/** How long requests in flight may take to finish once the API is told to stop. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Closes the API's listeners (the public one and the internal one) gracefully before Nest disposes
 * of the app: requests in flight are answered, idle keep-alive connections close at once. The pool
 * and Redis close after this (onApplicationShutdown), so what those requests still need is there.
 */
@Injectable()
export class HttpShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger(HttpShutdown.name);
  private readonly drains: HttpServerDrain[] = [];

  watch(server: http.Server): void {
    this.drains.push(new HttpServerDrain(server));
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    const started = Date.now();
    await Promise.all(this.drains.map((drain) => drain.close(SHUTDOWN_GRACE_MS)));
    if (signal) this.logger.log(`${signal}: listeners closed in ${Date.now() - started} ms, requests in flight answered`);
  }
}
