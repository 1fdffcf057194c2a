import { Client } from 'pg';
import { postgresPids } from './proc-stats';

/** Where the sampler finds Postgres's processes: all that work for the bench, and the background ones among them. */
export interface PostgresProcesses {
  pids(): number[];
  backgroundPids(): number[];
  /** Reads the list again now, for a measurement that starts right after new connections opened. */
  refresh(): Promise<void>;
}

/**
 * The Postgres processes that work for the bench: backends connected to its database plus the
 * shared background processes (WAL writer, checkpointer, ...). Other databases' backends are left
 * out, since other work on the same server (a test run next door) would otherwise count as ours.
 * Refreshed in the background because the sampler asks synchronously; without a database URL it
 * falls back to every Postgres process on the machine.
 */
export class PostgresPidTracker implements PostgresProcesses {
  private current: number[] = [];
  private background: number[] = [];
  private client?: Client;
  private timer?: NodeJS.Timeout;

  constructor(private readonly databaseUrl: string | undefined) {}

  async start(): Promise<void> {
    if (!this.databaseUrl) return;
    this.client = new Client({ connectionString: this.databaseUrl, application_name: 'bench-pid-tracker' });
    await this.client.connect();
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), 1000);
    this.timer.unref();
  }

  async refresh(): Promise<void> {
    if (!this.client) return;
    const res = await this.client.query<{ pid: number; background: boolean }>(
      `SELECT pid, background FROM (
         SELECT pid, datname, application_name, backend_type NOT IN ('client backend', 'autovacuum worker') AS background
           FROM pg_stat_activity) a
        WHERE background OR (datname = current_database() AND application_name <> 'bench-pid-tracker')`,
    );
    this.current = res.rows.map((r) => r.pid);
    this.background = res.rows.filter((r) => r.background).map((r) => r.pid);
  }

  pids = (): number[] => (this.client ? this.current : postgresPids());

  /**
   * The shared background processes only (checkpointer, WAL writer, background writer, ...): their
   * work comes in bursts (a checkpoint landing in a step doubles Postgres's CPU per message), so
   * reports show it apart. Empty without a database URL.
   */
  backgroundPids = (): number[] => (this.client ? this.background : []);

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }
}
