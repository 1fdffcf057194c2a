import { Client } from 'pg';

/** Drops this run's database so repeated runs leave nothing behind, then stops what the setup started. */
export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as { __testServices?: { stop(): Promise<void> } }).__testServices;
  try {
    const url = process.env.TEST_DATABASE_URL;
    if (url) {
      const dbName = new URL(url).pathname.slice(1);
      const adminUrl = new URL(url);
      adminUrl.pathname = '/postgres';
      const admin = new Client({ connectionString: adminUrl.toString() });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await admin.end();
    }
  } finally {
    await services?.stop();
  }
}
