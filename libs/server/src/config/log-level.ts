import { z } from 'zod';

/** Nest's levels, most severe first (structurally Nest's `LogLevel`, without depending on Nest here). */
export const NEST_LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type NestLogLevel = (typeof NEST_LOG_LEVELS)[number];

/** What LOG_LEVEL may hold once read: Nest's levels plus `silent` (no logs at all, e.g. in tests). */
export const LOG_LEVELS = ['silent', ...NEST_LOG_LEVELS] as const;
export type LogLevelSetting = (typeof LOG_LEVELS)[number];

/** Names other tools use for the same level; `info` is what most of them call Nest's `log`. */
const LOG_LEVEL_ALIASES: Readonly<Record<string, LogLevelSetting>> = { info: 'log' };

const ACCEPTED = [...LOG_LEVELS, ...Object.entries(LOG_LEVEL_ALIASES).map(([alias, level]) => `${alias} (= ${level})`)];

/** LOG_LEVEL, the same vocabulary for both apps and the launchers; case-insensitive. Default `log`. */
export function logLevelField() {
  return z
    .string()
    .transform((value) => value.trim().toLowerCase())
    .transform((value) => LOG_LEVEL_ALIASES[value] ?? value)
    .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${ACCEPTED.join(', ')}` }))
    .default('log');
}

/** Nest prints every level at or above the configured one; `false` turns its logger off. */
export function nestLogLevels(level: LogLevelSetting): NestLogLevel[] | false {
  if (level === 'silent') return false;
  return NEST_LOG_LEVELS.slice(0, NEST_LOG_LEVELS.indexOf(level) + 1);
}
