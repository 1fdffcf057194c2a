/**
 * The Testcontainers path: used only when neither DATABASE_URL/REDIS_URL nor local services exist.
 * Fails with a message naming exactly what is missing when no Docker engine is reachable either.
 */
export async function startContainers(needed: { postgres: boolean; redis: boolean }): Promise<{
  databaseUrl?: string;
  redisUrl?: string;
  stop(): Promise<void>;
}> {
  const missing = [
    needed.postgres ? 'Postgres (set DATABASE_URL or run one on 127.0.0.1:5432)' : null,
    needed.redis ? 'Redis (set REDIS_URL or run one on 127.0.0.1:6379)' : null,
  ].filter(Boolean);

  let testcontainers: typeof import('testcontainers');
  try {
    testcontainers = await import('testcontainers');
    await testcontainers.getContainerRuntimeClient();
  } catch (err) {
    throw new Error(
      `Tests need ${missing.join(' and ')}; no Docker engine is reachable for Testcontainers either ` +
        `(${(err as Error).message.split('\n')[0]}).`,
    );
  }

  const { GenericContainer, Wait } = testcontainers;
  const started: { stop(): Promise<unknown> }[] = [];
  let databaseUrl: string | undefined;
  let redisUrl: string | undefined;
  if (needed.postgres) {
    const pg = await new GenericContainer('postgres:16-alpine')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start();
    started.push(pg);
    databaseUrl = `postgres://postgres@${pg.getHost()}:${pg.getMappedPort(5432)}/postgres`;
  }
  if (needed.redis) {
    const redis = await new GenericContainer('redis:7-alpine').withExposedPorts(6379).start();
    started.push(redis);
    redisUrl = `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`;
  }
  return {
    databaseUrl,
    redisUrl,
    stop: async () => {
      for (const container of started) await container.stop();
    },
  };
}
