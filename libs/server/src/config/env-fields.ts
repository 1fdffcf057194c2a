import { z } from 'zod';

/**
 * Field builders shared by every environment schema (API, socket app, launchers), so a port, a URL
 * or a secret is checked and worded the same way everywhere. Each returns a schema of the raw string;
 * the caller adds `.default(...)` or `.optional()`. Empty strings never reach them (see `parseEnv`).
 */

/** A whole number written in decimal digits only: `12abc`, `1e3`, `0x10` and ` 12` are refused. */
function int(min: number, max: number, unit = '') {
  return z
    .string()
    .regex(/^\d+$/, `must be a non-negative integer${unit}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}${unit}`).max(max, `must be at most ${max}${unit}`));
}

// The undici pool and the routing answer talk to an origin; a path would silently be dropped.
function isOrigin(value: string): boolean {
  const url = new URL(value);
  return url.pathname === '/' && !url.search && !url.hash;
}

export const envFields = {
  int,

  /** A TCP port; 0 (an ephemeral port) unless `min` says otherwise. */
  port: (min = 0) => int(min, 65_535),

  /** A duration as a whole number of the unit the variable's name carries (`_MS`, `_SECONDS`). */
  durationMs: (min: number, max: number) => int(min, max, ' ms'),
  durationSeconds: (min: number, max: number) => int(min, max, ' s'),

  /** `true` or `false`, nothing else: a typo must not silently mean either. */
  boolean: () => z.enum(['true', 'false'], { error: 'must be true or false' }).transform((value) => value === 'true'),

  /** One of a fixed list, refused with the list in the message. */
  oneOf: <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `must be one of ${values.join(', ')}` }),

  /** A shared secret (HS256 key, bearer token): required, and long enough not to be guessed. */
  secret: () =>
    z
      .string({ error: 'is required' })
      .min(16, 'must be at least 16 characters')
      .refine((value) => !/change[-_ ]?me|placeholder|example/i.test(value), 'is a placeholder: set a secret of your own'),

  nonEmpty: () => z.string().min(1, 'must not be empty'),

  httpUrl: () => z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),

  /** An http(s) origin, `http://host:port`; a trailing slash is allowed and dropped. */
  httpOrigin: () =>
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .refine(isOrigin, 'must be an origin (http://host:port) without a path')
      .transform((value) => new URL(value).origin),

  /** Comma-separated http(s) origins (spaces allowed), each normalized to `scheme://host:port`. */
  originList: () =>
    z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z
            .url({ protocol: /^https?$/, error: 'must be a comma-separated list of http(s) origins' })
            .refine(isOrigin, 'must be origins (http://host:port) without a path')
            .transform((value) => new URL(value).origin),
        ),
      ),

  postgresUrl: () => z.string({ error: 'is required' }).regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),

  redisUrl: () => z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }),

  /** Prefix of Redis keys and channels. Braces allowed: `{commu-chat}` keeps every key in one Redis Cluster slot. */
  redisKeyPrefix: () => z.string().regex(/^[A-Za-z0-9_.:{}-]{1,64}$/, 'must be 1-64 of [A-Za-z0-9_.:{}-]'),
} as const;
