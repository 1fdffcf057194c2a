import { z } from 'zod';

/** `json`: one JSON object per line, for log collectors. `pretty`: colored single lines, for a terminal. */
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/**
 * LOG_FORMAT, the same for both apps and the launchers; case-insensitive. Unset, it follows
 * NODE_ENV: see {@link resolveLogFormat}.
 */
export function logFormatField() {
  return z
    .string()
    .transform((value) => value.trim().toLowerCase())
    .pipe(z.enum(LOG_FORMATS, { error: `must be one of ${LOG_FORMATS.join(', ')}` }))
    .optional();
}

/** NODE_ENV, read only to choose the default log format. */
export function nodeEnvField() {
  return z.string().optional();
}

/** The format asked for, or by default `json` in production (NODE_ENV=production, as in the image) and `pretty` elsewhere. */
export function resolveLogFormat(format: LogFormat | undefined, nodeEnv: string | undefined): LogFormat {
  return format ?? (nodeEnv === 'production' ? 'json' : 'pretty');
}
