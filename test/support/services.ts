import { canConnect } from '../../scripts/launcher-support';

/**
 * Finds the Postgres and Redis the tests use, in the documented order:
 * DATABASE_URL / REDIS_URL, then the local defaults, then Testcontainers when a Docker engine answers.
 */
export interface TestServices {
  databaseUrl: string;
  redisUrl: string;
  stop(): Promise<void>;
}

const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_REDIS = 'redis://127.0.0.1:6379';


export async function findTestServices(): Promise<TestServices> {
  let databaseUrl = process.env.DATABASE_URL;
  let redisUrl = process.env.REDIS_URL;
  const stops: (() => Promise<void>)[] = [];

  if (!databaseUrl && (await canConnect(LOCAL_POSTGRES))) databaseUrl = LOCAL_POSTGRES;
  if (!redisUrl && (await canConnect(LOCAL_REDIS))) redisUrl = LOCAL_REDIS;

  if (!databaseUrl || !redisUrl) {
    // Only reached on a machine with neither env vars nor local services: kept in its own module.
    const { startContainers } = await import('./containers');
    const started = await startContainers({ postgres: !databaseUrl, redis: !redisUrl });
    databaseUrl ??= started.databaseUrl;
    redisUrl ??= started.redisUrl;
    stops.push(started.stop);
  }

  return {
    databaseUrl: databaseUrl!,
    redisUrl: redisUrl!,
    stop: async () => {
      for (const stop of stops) await stop();
    },
  };
}
