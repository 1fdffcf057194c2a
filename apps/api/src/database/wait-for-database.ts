import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { classifyDatabaseError } from '../common/postgres-errors';

export interface WaitForDatabaseOptions {
  /** Give up after this long. Default 60 s: long enough for a Postgres container's first boot. */
  timeoutMs?: number;
  /** First pause between attempts, doubled up to 5 s. Default 250 ms. */
  firstDelayMs?: number;
  logger?: Pick<Logger, 'warn' | 'log'>;
}

/**
 * Waits until Postgres takes connections. An API started together with its database (compose,
 * systemd, a laptop after reboot) used to exit at once on "the database system is starting up"
 * (57P03) or a refused connection. Failures that are not about reachability (a wrong password, a
 * missing database) are thrown at once: waiting would not fix them.
 */
export async function waitForDatabase(url: string, options: WaitForDatabaseOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const logger = options.logger ?? new Logger('Database');
  const deadline = Date.now() + timeoutMs;
  let delay = options.firstDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      if (attempt > 1) logger.log(`Postgres is reachable (after ${attempt} attempts)`);
      return;
    } catch (err) {
      if (classifyDatabaseError(err) !== 'unavailable' || Date.now() + delay > deadline) throw err;
      if (attempt === 1) {
        const reason = err instanceof Error ? err.message : String(err);
        logger.warn(`Postgres is not reachable yet (${reason}); retrying for up to ${Math.round(timeoutMs / 1000)} s`);
      }
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 5000);
  }
}
