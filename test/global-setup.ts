import { Client } from 'pg';
import { findTestServices, type TestServices } from './support/services';
import { runMigrations } from '../apps/api/src/database/run-migrations';

/**
 * Once per jest run: find Postgres and Redis, create a database of this run's own and migrate it
 * once. Every test then makes its own users, communities and channels, so no test depends on another.
 */
export default async function globalSetup(): Promise<void> {
  const services = await findTestServices();
  try {
    await prepareDatabase(services);
  } catch (err) {
    // jest skips the global teardown when the setup fails: stop what this run started here.
    await services.stop();
    throw err;
  }
  (globalThis as { __testServices?: typeof services }).__testServices = services;
}

async function prepareDatabase(services: TestServices): Promise<void> {
  const dbName = `chat_test_${Date.now()}_${process.pid}`;
  const admin = new Client({ connectionString: services.databaseUrl });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`Cannot reach Postgres at ${services.databaseUrl}: ${(err as Error).message}`);
  }
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();

  const url = new URL(services.databaseUrl);
  url.pathname = `/${dbName}`;
  process.env.TEST_DATABASE_URL = url.toString();
  process.env.TEST_REDIS_URL = services.redisUrl;
  await runMigrations(process.env.TEST_DATABASE_URL);
}
