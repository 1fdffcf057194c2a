import {
  envFields as f,
  type LogFormat,
  logFormatField,
  type LogLevelSetting,
  logLevelField,
  nodeEnvField,
  parseEnv,
  resolveLogFormat,
  tokenRulesEnv,
} from '@app/server';
import { z } from 'zod';

const DEFAULT_SOCKET_ENDPOINT_URL = 'http://localhost:3001';

/**
 * The environment the API reads, with every default in one place. All of it is operator settings:
 * the benchmark's tuning knobs (`CHAT_*`) belong to the socket app.
 */
const apiEnvObject = z.object({
  DATABASE_URL: f.postgresUrl(),
  /** Default: 127.0.0.1 with the dev login (anyone may sign in as anyone), 0.0.0.0 otherwise. */
  API_HOST: f.nonEmpty().optional(),
  API_PORT: f.port().default(3000),
  AUTH_MODE: f.oneOf(['dev', 'jwt']).default('jwt'),
  /** `true`: serve the dev login on a non-loopback API_HOST anyway (a demo on a private network). */
  DEV_AUTH_EXPOSED: f.boolean().default(false),
  JWT_SECRET: f.secret(),
  /** Lifetime of tokens issued by the dev login; external identity providers choose their own. */
  JWT_TTL_SECONDS: f.durationSeconds(1, 10 * 365 * 86_400).default(86_400),
  INTERNAL_TOKEN: f.secret(),
  /**
   * Where the socket nodes reach `/internal/*`: a listener of its own, never the public port. Loopback
   * by default; a private interface (e.g. the container network) when the nodes run elsewhere.
   */
  INTERNAL_HOST: f.nonEmpty().default('127.0.0.1'),
  INTERNAL_PORT: f.port().default(3100),
  /** The one socket node's URL, answered by the endpoint route when REDIS_URL is unset. */
  SOCKET_ENDPOINT_URL: f.httpUrl().optional(),
  /**
   * Deprecated name of SOCKET_ENDPOINT_URL, still read so existing deployments keep working. The
   * socket app's SOCKET_PUBLIC_URL (the origin a node announces) is another setting.
   */
  SOCKET_PUBLIC_URL: f.httpUrl().optional(),
  /**
   * Socket origins the web page may connect to (its Content-Security-Policy), besides
   * SOCKET_ENDPOINT_URL's: with several nodes, every node's public URL.
   */
  CSP_CONNECT_SRC: f.originList().default([]),
  /** Set: routing across the socket nodes that announce themselves in this Redis. */
  REDIS_URL: f.redisUrl().optional(),
  /** Prefix of the routing keys; the socket nodes must use the same one. */
  REDIS_KEY_PREFIX: f.redisKeyPrefix().default('commu-chat'),
  /** How long a community keeps its node after the last endpoint lookup (while that node lives). */
  ROUTING_ASSIGNMENT_TTL_SECONDS: f.durationSeconds(1, 30 * 86_400).default(86_400),
  /** Directory of a built web client served at `/`, with a single-page-app fallback. */
  WEB_DIR: z.string().optional(),
  LOG_LEVEL: logLevelField(),
  /** Unset: `json` when NODE_ENV=production, `pretty` otherwise. */
  LOG_FORMAT: logFormatField(),
  NODE_ENV: nodeEnvField(),
  /**
   * Apply pending migrations before serving (default true). Set false on API replicas when a
   * one-off `migrate` job (docker-compose's `migrate` service, `npm run migrate`) does it.
   */
  MIGRATE_ON_START: f.boolean().default(true),
  /** REST writes (POST, PATCH, DELETE under /api) per user per minute; 429 with Retry-After beyond. */
  REST_WRITES_PER_MINUTE: f.int(1, 1_000_000).default(120),
  /** Dev-login attempts per client address per minute. */
  LOGINS_PER_MINUTE: f.int(1, 1_000_000).default(20),
  /** Where uploaded files live: `local` (a directory, the embedded default) or `s3` (any S3-compatible store). */
  FILES_DRIVER: f.oneOf(['local', 's3']).default('local'),
  /** The local driver's directory (`npm start` puts it under DATA_DIR). */
  FILES_DIR: f.nonEmpty().default('.data/files'),
  /** Largest upload, in bytes (25 MB by default); a bigger one is refused with 413 while it streams. */
  MAX_UPLOAD_BYTES: f.int(1, 5 * 1024 ** 3).default(25 * 1024 * 1024),
  /** The S3 driver: an endpoint for S3-compatible stores (MinIO...), unset for AWS itself. */
  S3_ENDPOINT: f.httpUrl().optional(),
  S3_BUCKET: f.nonEmpty().optional(),
  S3_REGION: f.nonEmpty().default('us-east-1'),
  S3_ACCESS_KEY_ID: f.nonEmpty().optional(),
  S3_SECRET_ACCESS_KEY: f.nonEmpty().optional(),
  /** `true` for most S3-compatible stores (bucket in the path, not the host name). */
  S3_FORCE_PATH_STYLE: f.boolean().default(false),
  ...tokenRulesEnv.shape,
});

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/** The dev login must not be reachable from the network by accident. */
const apiEnvSchema = apiEnvObject.superRefine((e, ctx) => {
  if (e.FILES_DRIVER === 's3' && !e.S3_BUCKET) {
    ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'is required with FILES_DRIVER=s3' });
  }
  if (e.AUTH_MODE === 'dev' && e.API_HOST !== undefined && !LOOPBACK_HOSTS.has(e.API_HOST) && !e.DEV_AUTH_EXPOSED) {
    ctx.addIssue({
      code: 'custom',
      path: ['API_HOST'],
      message: `the dev login (AUTH_MODE=dev) lets anyone sign in as anyone, so it listens on loopback only; use AUTH_MODE=jwt, or set DEV_AUTH_EXPOSED=true to serve it on ${e.API_HOST} anyway`,
    });
  }
});

/** What the migration job (`apps/api/src/migrate.ts`) reads: the database, and nothing it does not use. */
const migrateEnvSchema = apiEnvObject.pick({ DATABASE_URL: true });

/** Every variable the API reads; docker-compose.yml is checked against it. */
export const API_ENV_VARS: readonly string[] = Object.keys(apiEnvObject.shape);

/**
 * The validated configuration, read through this one typed object. The class doubles as the Nest
 * injection token, so services ask for `ApiConfig` and never for `process.env`.
 */
export class ApiConfig {
  readonly DATABASE_URL!: string;
  readonly API_HOST!: string;
  readonly API_PORT!: number;
  readonly AUTH_MODE!: 'dev' | 'jwt';
  readonly DEV_AUTH_EXPOSED!: boolean;
  readonly JWT_SECRET!: string;
  readonly JWT_TTL_SECONDS!: number;
  readonly JWT_REQUIRE_EXP!: boolean;
  readonly JWT_ISSUER?: string;
  readonly JWT_AUDIENCE?: string;
  readonly INTERNAL_TOKEN!: string;
  readonly INTERNAL_HOST!: string;
  readonly INTERNAL_PORT!: number;
  /** SOCKET_ENDPOINT_URL (or its deprecated name SOCKET_PUBLIC_URL); default `http://localhost:3001`. */
  readonly SOCKET_ENDPOINT_URL!: string;
  readonly CSP_CONNECT_SRC!: readonly string[];
  readonly REDIS_URL?: string;
  readonly REDIS_KEY_PREFIX!: string;
  readonly ROUTING_ASSIGNMENT_TTL_SECONDS!: number;
  readonly WEB_DIR?: string;
  readonly LOG_LEVEL!: LogLevelSetting;
  /** LOG_FORMAT, or its default for NODE_ENV. */
  readonly LOG_FORMAT!: LogFormat;
  readonly MIGRATE_ON_START!: boolean;
  readonly REST_WRITES_PER_MINUTE!: number;
  readonly LOGINS_PER_MINUTE!: number;
  readonly FILES_DRIVER!: 'local' | 's3';
  readonly FILES_DIR!: string;
  readonly MAX_UPLOAD_BYTES!: number;
  readonly S3_ENDPOINT?: string;
  readonly S3_BUCKET?: string;
  readonly S3_REGION!: string;
  readonly S3_ACCESS_KEY_ID?: string;
  readonly S3_SECRET_ACCESS_KEY?: string;
  readonly S3_FORCE_PATH_STYLE!: boolean;
  /** Warnings about deprecated variables in use, logged once the app's logger exists. */
  readonly deprecations!: readonly string[];
}

/** Validates the environment once at boot; throws a ConfigError naming every bad variable. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const {
    SOCKET_PUBLIC_URL: legacyEndpointUrl,
    SOCKET_ENDPOINT_URL,
    API_HOST,
    LOG_FORMAT,
    NODE_ENV,
    ...values
  } = parseEnv(apiEnvSchema, env, 'API');
  const deprecations: string[] = [];
  if (legacyEndpointUrl !== undefined) {
    deprecations.push(
      SOCKET_ENDPOINT_URL === undefined
        ? 'SOCKET_PUBLIC_URL is deprecated for the API: rename it to SOCKET_ENDPOINT_URL'
        : 'SOCKET_PUBLIC_URL is deprecated for the API and ignored: SOCKET_ENDPOINT_URL is set',
    );
  }
  // Typed, so that the class and the schema cannot drift apart.
  const config: ApiConfig = {
    ...values,
    API_HOST: API_HOST ?? (values.AUTH_MODE === 'dev' ? '127.0.0.1' : '0.0.0.0'),
    SOCKET_ENDPOINT_URL: SOCKET_ENDPOINT_URL ?? legacyEndpointUrl ?? DEFAULT_SOCKET_ENDPOINT_URL,
    LOG_FORMAT: resolveLogFormat(LOG_FORMAT, NODE_ENV),
    deprecations: Object.freeze(deprecations),
  };
  return Object.freeze(Object.assign(new ApiConfig(), config));
}

/** The migration job's configuration, validated like the API's own. */
export function loadMigrateConfig(env: NodeJS.ProcessEnv = process.env): { DATABASE_URL: string } {
  return parseEnv(migrateEnvSchema, env, 'migration');
}
