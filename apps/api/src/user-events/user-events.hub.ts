import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { InternalUserEvent } from '@app/shared';
import { RepeatedErrorLog } from '@app/server';
import { Client } from 'pg';
import { ApiConfig } from '../config/api-config';
import { Database } from '../database/database';
import { createPoolConfig } from '../database/pool-options';

/** The Postgres channel every API instance listens on. */
const CHANNEL = 'commu_user_events';
const RECONNECT_MS = 1000;

/** One open stream to a socket node. */
export interface UserEventsStream {
  send(line: string): void;
  end(): void;
}

/**
 * Events for users (membership changes, read markers) go through Postgres NOTIFY: every API
 * instance LISTENs, so whichever instance stored a change, each one hands it to the socket nodes
 * streaming from it (`/internal/user-events`), and each node to that user's sockets. The database
 * is the one thing every deployment has (with or without Redis), and a NOTIFY is delivered only once
 * its transaction commits. An event missed while a stream was down is not replayed: clients also
 * refresh their lists when they reconnect.
 */
@Injectable()
export class UserEventsHub implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(UserEventsHub.name);
  private readonly streams = new Set<UserEventsStream>();
  private readonly failures = new RepeatedErrorLog(10_000);
  private listener: Client | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly config: ApiConfig,
    private readonly db: Database,
  ) {}

  onModuleInit(): void {
    void this.listen();
  }

  /** Publishes after the change is stored; never fails the request that made the change. */
  async publish(event: InternalUserEvent): Promise<void> {
    if (event.userIds.length === 0) return;
    try {
      await this.db.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(event)]);
    } catch (err) {
      const note = this.failures.admit('publish');
      if (note !== null) this.logger.warn(`a user event was not published${note}: ${(err as Error).message}`);
    }
  }

  /** Adds a socket node's stream; the returned function removes it. */
  subscribe(stream: UserEventsStream): () => void {
    this.streams.add(stream);
    return () => this.streams.delete(stream);
  }

  /** Streams end before the listeners drain, or the drain would wait for them. */
  beforeApplicationShutdown(): void {
    for (const stream of this.streams) stream.end();
    this.streams.clear();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = new Client({ ...createPoolConfig(this.config.DATABASE_URL), application_name: 'commu-chat-api-events' });
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      for (const stream of this.streams) stream.send(message.payload);
    });
    client.on('error', (err) => this.retry(client, err));
    client.on('end', () => this.retry(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.listener = client;
    } catch (err) {
      this.retry(client, err);
    }
  }

  private retry(client: Client, err?: unknown): void {
    if (this.closed || this.reconnectTimer) return;
    if (this.listener === client) this.listener = undefined;
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    const note = this.failures.admit('listen');
    if (note !== null) this.logger.warn(`listening for user events failed${note}: ${err instanceof Error ? err.message : 'connection ended'}`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.listen();
    }, RECONNECT_MS);
    this.reconnectTimer.unref();
  }
}
