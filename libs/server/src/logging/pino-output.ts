import { createRequire } from 'node:module';
import type { DestinationStream, LevelWithSilent } from 'pino';
import type { LogLevelSetting } from '../config/log-level';

/** Nest's level names in pino's words. */
export const PINO_LEVEL: Readonly<Record<LogLevelSetting, LevelWithSilent>> = {
  silent: 'silent',
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * pino-pretty is a dev dependency, absent from the production image: there LOG_FORMAT=pretty
 * falls back to JSON (with a warning on stderr) rather than keeping the app from starting.
 */
export function prettyStream(): DestinationStream | undefined {
  let pretty: typeof import('pino-pretty');
  try {
    pretty = createRequire(__filename)('pino-pretty') as typeof import('pino-pretty');
  } catch {
    process.stderr.write('LOG_FORMAT=pretty: the pino-pretty package is not installed; logging JSON instead\n');
    return undefined;
  }
  return pretty({ colorize: process.stdout.isTTY, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
}
