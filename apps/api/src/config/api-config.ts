import { z } from 'zod';
import { ApiConfigError } from './api-config.error';

const LOG_LEVELS = ['silent', 'fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type ApiLogLevel = (typeof LOG_LEVELS)[number];

const secret = (name: string) => z.string({ error: 'is required' }).min(16, `${name} must be at least 16 characters`);
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** The environment the API reads, with every default in one place. */
const apiEnvSchema = z.object({
  DATABASE_URL: z.string({ error: 'is required' }).regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  API_HOST: z.string().min(1).default('0.0.0.0'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  AUTH_MODE: z.enum(['dev', 'jwt']).default('jwt'),
  JWT_SECRET: secret('JWT_SECRET'),
  /** Lifetime of tokens issued by the dev login; external identity providers choose their own. */
  JWT_TTL_SECONDS: z.coerce.number().int().min(1).default(86_400),
  INTERNAL_TOKEN: secret('INTERNAL_TOKEN'),
  /** The one socket node's URL, answered by the endpoint route when REDIS_URL is unset. */
  SOCKET_PUBLIC_URL: httpUrl.default('http://localhost:3001'),
  /** Set: routing across the socket nodes that announce themselves in this Redis. */
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  /** Prefix of the routing keys; the socket nodes must use the same one. */
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9_.:{}-]{1,64}$/, 'must be 1-64 of [A-Za-z0-9_.:{}-]').default('commu-chat'),
  /** How long a community keeps its node after the last endpoint lookup (while that node lives). */
  ROUTING_ASSIGNMENT_TTL_SECONDS: z.coerce.number().int().min(1).max(30 * 86_400).default(86_400),
  /** Directory of a built web client served at `/`, with a single-page-app fallback. */
  WEB_DIR: z.string().optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('log'),
});

type ApiConfigValues = z.output<typeof apiEnvSchema>;

/** Every variable the API reads; docker-compose.yml is checked against it. */
export const API_ENV_VARS: readonly string[] = Object.keys(apiEnvSchema.shape);

/**
 * The validated configuration, read through this one typed object. The class doubles as the Nest
 * injection token, so services ask for `ApiConfig` and never for `process.env`.
 */
export class ApiConfig implements ApiConfigValues {
  readonly DATABASE_URL!: string;
  readonly API_HOST!: string;
  readonly API_PORT!: number;
  readonly AUTH_MODE!: 'dev' | 'jwt';
  readonly JWT_SECRET!: string;
  readonly JWT_TTL_SECONDS!: number;
  readonly INTERNAL_TOKEN!: string;
  readonly SOCKET_PUBLIC_URL!: string;
  readonly REDIS_URL?: string;
  readonly REDIS_KEY_PREFIX!: string;
  readonly ROUTING_ASSIGNMENT_TTL_SECONDS!: number;
  readonly WEB_DIR?: string;
  readonly LOG_LEVEL!: ApiLogLevel;
}

/** Validates the environment once at boot; throws naming every bad variable. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  // Empty strings mean "unset" so that `FOO= node main.js` falls back to the default.
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = apiEnvSchema.safeParse(input);
  if (!result.success) {
    throw new ApiConfigError(result.error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`));
  }
  return Object.freeze(Object.assign(new ApiConfig(), result.data));
}

/** Nest log levels enabled by a LOG_LEVEL (each level includes the more severe ones). */
export function nestLogLevels(level: ApiLogLevel): ('fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose')[] | false {
  if (level === 'silent') return false;
  const ordered = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
  return ordered.slice(0, ordered.indexOf(level) + 1);
}
