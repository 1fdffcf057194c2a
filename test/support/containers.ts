/**
 * The Testcontainers path: used when neither DATABASE_URL/REDIS_URL nor local services exist and a
 * Docker engine answers.
 */
export async function containerEngineAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

export async function startContainers(needed: { postgres: boolean; redis: boolean }): Promise<{
  databaseUrl?: string;
  redisUrl?: string;
  stop(): Promise<void>;
}> {
  const { GenericContainer, Wait } = await import('testcontainers');
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
