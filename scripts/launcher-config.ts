import { envFields as f, logFormatField, logLevelField, parseEnv } from '@app/server';
import { z } from 'zod';

/**
 * What the launchers read from the environment, validated with the apps' own field builders so a
 * bad value stops them before anything starts. Everything else passes through to the apps, which
 * validate it themselves.
 */
const shared = {
  DATA_DIR: f.nonEmpty().default('.data'),
  API_PORT: f.port(1).default(3000),
  /** The API's internal listener (the socket nodes' routes), on loopback. */
  INTERNAL_PORT: f.port(1).default(3100),
  PUBLIC_HOST: f.nonEmpty().default('localhost'),
  JWT_SECRET: f.secret().optional(),
  INTERNAL_TOKEN: f.secret().optional(),
  /** Checked here only to fail before anything starts; the apps read it themselves. */
  LOG_LEVEL: logLevelField(),
  LOG_FORMAT: logFormatField(),
  WEB_DIR: z.string().optional(),
};

/** `npm start`: one API and one socket node, on an embedded Postgres unless DATABASE_URL is set. */
const startSchema = z.object({
  ...shared,
  DATABASE_URL: f.postgresUrl().optional(),
  EMBEDDED_PG_PORT: f.port(1).default(54329),
  SOCKET_PORT: f.port(1).default(3001),
  AUTH_MODE: f.oneOf(['dev', 'jwt']).optional(),
  API_URL: f.httpOrigin().optional(),
  /** What the socket node announces; default `http://<PUBLIC_HOST>:<SOCKET_PORT>`. */
  SOCKET_PUBLIC_URL: f.httpOrigin().optional(),
  /** What the API answers for every community; default: the socket node's SOCKET_PUBLIC_URL. */
  SOCKET_ENDPOINT_URL: f.httpUrl().optional(),
});

/** `npm run start:cluster`: the API and two socket nodes joined through Redis. */
const clusterSchema = z.object({
  ...shared,
  DATABASE_URL: f.postgresUrl().default('postgres://postgres@127.0.0.1:5432/postgres'),
  REDIS_URL: f.redisUrl().default('redis://127.0.0.1:6379'),
  /** The first socket node's port; the second one listens on the next. */
  SOCKET_PORT: f.port(1).pipe(z.number().max(65_534, 'must be at most 65534')).default(3001),
  SOCKET_WORKERS: f.int(1, 64).default(2),
  AUTH_MODE: f.oneOf(['dev', 'jwt']).default('dev'),
});

export type StartConfig = z.output<typeof startSchema>;
export type ClusterConfig = z.output<typeof clusterSchema>;

export function loadStartConfig(env: NodeJS.ProcessEnv): StartConfig {
  return parseEnv(startSchema, env, 'npm start');
}

export function loadClusterConfig(env: NodeJS.ProcessEnv): ClusterConfig {
  return parseEnv(clusterSchema, env, 'npm run start:cluster');
}

/**
 * The API's environment out of what the launcher passes on: without the socket app's
 * SOCKET_PUBLIC_URL, which the API would read as the deprecated name of SOCKET_ENDPOINT_URL.
 */
export function withoutSocketPublicUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const rest = { ...env };
  delete rest.SOCKET_PUBLIC_URL;
  return rest;
}
