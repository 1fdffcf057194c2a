import type { z } from 'zod';
import { ConfigError } from './config-error';

/**
 * Validates an environment against a schema once, at boot. Empty strings count as unset, so that
 * `FOO=` in a .env file or `FOO= node main.js` falls back to the default instead of failing. Throws a
 * {@link ConfigError} naming every bad variable at once.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv, subject: string): z.output<S> {
  const input = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      subject,
      result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  return result.data;
}
