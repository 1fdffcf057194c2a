// Before anything else: it changes how V8 places objects that the app allocates from here on.
import './gc-tuning';
import { Logger } from '@nestjs/common';
import { ConfigError } from '@app/server';
import { startApiServer } from './bootstrap';
import { loadApiConfig } from './config/api-config';
import { runMigrations } from './database/run-migrations';

/** Standalone API process: validate the environment, migrate (unless MIGRATE_ON_START=false), serve; Nest's shutdown hooks close it on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadApiConfig();
  // Replicas started after a `migrate` job skip it (MIGRATE_ON_START=false); the advisory lock in
  // runMigrations keeps concurrent boots safe either way.
  if (config.MIGRATE_ON_START) await runMigrations(config.DATABASE_URL);
  const server = await startApiServer(config);
  const logger = new Logger('Api');
  logger.log(`API listening on ${server.url} (host ${config.API_HOST}, auth mode ${config.AUTH_MODE})`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => logger.log(`${signal} received, shutting down`));
  }
}

main().catch((err: unknown) => {
  // Config errors already name every bad variable; print them without a stack.
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
