import { waitForDatabase } from '../src/database/wait-for-database';
import { startTcpProxy, testDatabaseUrl } from './support';

/** The API's boot waits for a Postgres that is not up yet, for a bounded time, and only for that. */
describe('waitForDatabase', () => {
  const quiet = { warn: () => undefined, log: () => undefined };
  const real = new URL(testDatabaseUrl());

  const through = (port: number) => {
    const url = new URL(real.toString());
    url.hostname = '127.0.0.1';
    url.port = String(port);
    return url.toString();
  };

  it('waits while Postgres refuses connections and goes on once it takes them', async () => {
    const proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port || 5432) });
    try {
      await proxy.cut();
      const warnings: string[] = [];
      const waiting = waitForDatabase(through(proxy.port), {
        timeoutMs: 20_000,
        firstDelayMs: 50,
        logger: { ...quiet, warn: (m: string) => void warnings.push(m) },
      });
      let settled = false;
      void waiting.finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(settled).toBe(false);
      await proxy.restore();
      await waiting;
      expect(warnings).toEqual([expect.stringContaining('retrying for up to 20 s')]);
    } finally {
      await proxy.close();
    }
  });

  it('gives up after its bound, with the connection error', async () => {
    const proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port || 5432) });
    await proxy.cut();
    try {
      await expect(waitForDatabase(through(proxy.port), { timeoutMs: 300, firstDelayMs: 50, logger: quiet })).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      });
    } finally {
      await proxy.close();
    }
  });

  it('fails at once for what waiting cannot fix, such as a database that does not exist', async () => {
    const missing = new URL(real.toString());
    missing.pathname = '/no_such_database_for_commu_chat';
    const started = Date.now();
    await expect(waitForDatabase(missing.toString(), { timeoutMs: 20_000, logger: quiet })).rejects.toMatchObject({ code: '3D000' });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
