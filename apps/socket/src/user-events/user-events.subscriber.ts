import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { INTERNAL_USER_EVENTS_ROUTE } from '@app/shared';
import { RepeatedErrorLog } from '@app/server';
import type { Server } from 'socket.io';
import { Agent } from 'undici';
import { SocketConfig } from '../config/socket-config';
import { internalUserEventSchema } from './user-event.schema';
import { deliverUserEvent } from './user-rooms';

/** Three missed heartbeats (the API sends one every 15 s) and the stream is taken for dead. */
const SILENCE_MS = 45_000;
const RETRY_MS = 1000;

/**
 * Reads the API's stream of user events (`/internal/user-events`) for as long as the process runs,
 * reconnecting a second after it breaks, and hands each event to the sockets of this process.
 */
@Injectable()
export class UserEventsSubscriber implements OnApplicationShutdown {
  private readonly logger = new Logger(UserEventsSubscriber.name);
  private readonly failures = new RepeatedErrorLog(30_000);
  private readonly stop = new AbortController();
  /** Its own connection, closed at shutdown (the global dispatcher would keep it alive a while). */
  private readonly agent = new Agent({ keepAliveTimeout: 1000 });
  private running: Promise<void> | undefined;

  constructor(private readonly config: SocketConfig) {}

  /** Starts reading once the Socket.IO server exists (the community gateway's init). */
  attach(server: Server): void {
    this.running ??= this.readForever(server);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.running;
    await this.agent.destroy();
  }

  private async readForever(server: Server): Promise<void> {
    while (!this.stop.signal.aborted) {
      try {
        await this.readOnce(server);
      } catch (err) {
        if (this.stop.signal.aborted) return;
        const note = this.failures.admit('stream');
        if (note !== null) this.logger.warn(`the user-event stream from the API broke${note}: ${(err as Error).message}`);
      }
      await sleep(RETRY_MS, undefined, { signal: this.stop.signal, ref: false }).catch(() => undefined);
    }
  }

  private async readOnce(server: Server): Promise<void> {
    const url = new URL(INTERNAL_USER_EVENTS_ROUTE, this.config.apiUrl);
    const response = await this.agent.request({
      origin: url.origin,
      path: url.pathname,
      method: 'GET',
      headers: { authorization: `Bearer ${this.config.internalToken}` },
      headersTimeout: SILENCE_MS,
      bodyTimeout: SILENCE_MS,
      signal: this.stop.signal,
    });
    if (response.statusCode !== 200) {
      const body = await response.body.text();
      throw new Error(`the API answered ${response.statusCode} ${body}`);
    }
    response.body.setEncoding('utf8');
    let pending = '';
    for await (const chunk of response.body as AsyncIterable<string>) {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) if (line !== '') this.handle(server, line);
    }
    throw new Error('the API ended the stream');
  }

  private handle(server: Server, line: string): void {
    let parsed;
    try {
      parsed = internalUserEventSchema.safeParse(JSON.parse(line));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      this.logger.warn(`dropped a user event that is not one: ${line.slice(0, 200)}`);
      return;
    }
    deliverUserEvent(server, parsed.data);
  }
}
