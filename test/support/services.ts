import { canConnect } from '../../scripts/launcher-support';

/**
 * Finds the Postgres and Redis the tests use, in the documented order: DATABASE_URL / REDIS_URL,
 * then the local defaults, then Testcontainers when a Docker engine answers, then an embedded
 * Postgres and a `redis-server` from the PATH started for this run. Each fallback is its own module,
 * loaded only when reached.
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
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne().catch((err: unknown) => console.error(`[tests] stopping a service: ${String(err)}`));
  };

  if (!databaseUrl && (await canConnect(LOCAL_POSTGRES))) databaseUrl = LOCAL_POSTGRES;
  if (!redisUrl && (await canConnect(LOCAL_REDIS))) redisUrl = LOCAL_REDIS;

  try {
    if (!databaseUrl || !redisUrl) {
      const { containerEngineAnswers, startContainers } = await import('./containers');
      if (await containerEngineAnswers()) {
        const started = await startContainers({ postgres: !databaseUrl, redis: !redisUrl });
        stops.push(started.stop);
        databaseUrl ??= started.databaseUrl;
        redisUrl ??= started.redisUrl;
      }
    }
    if (!redisUrl) {
      const { startSpawnedRedis } = await import('./spawned-redis');
      const redis = await startSpawnedRedis();
      stops.push(redis.stop);
      redisUrl = redis.url;
    }
    if (!databaseUrl) {
      const { startEmbeddedTestPostgres } = await import('./embedded-test-postgres');
      const postgres = await startEmbeddedTestPostgres();
      stops.push(postgres.stop);
      databaseUrl = postgres.url;
    }
  } catch (err) {
    await stop();
    throw err;
  }

  return { databaseUrl: databaseUrl!, redisUrl: redisUrl!, stop };
}
