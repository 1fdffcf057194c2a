import { Client } from 'pg';

/** Drops this run's database so repeated runs leave nothing behind. */
export default async function globalTeardown(): Promise<void> {
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
  const services = (globalThis as { __testServices?: { stop(): Promise<void> } }).__testServices;
  await services?.stop();
}
