import type { LoggerService } from '@nestjs/common';
import { pino } from 'pino';
import type { LogLevelSetting } from '../config/log-level';
import type { LogFormat } from './log-format';
import { PINO_LEVEL, prettyStream } from './pino-output';

/**
 * A Nest LoggerService on pino for a process that has no Nest app (the socket cluster's primary):
 * its lines come out in LOG_FORMAT and at LOG_LEVEL like the apps', with the same `context` field.
 */
export function standaloneLogger(options: { level: LogLevelSetting; format: LogFormat }, context: string): LoggerService {
  const pretty = options.format === 'pretty' ? prettyStream() : undefined;
  const base = { level: PINO_LEVEL[options.level] };
  const logger = (pretty ? pino(base, pretty) : pino(base)).child({ context });
  const text = (message: unknown) => (message instanceof Error ? message.message : String(message));
  return {
    fatal: (message: unknown) => logger.fatal(text(message)),
    error: (message: unknown, stack?: unknown) =>
      typeof stack === 'string' ? logger.error({ stack }, text(message)) : logger.error(text(message)),
    warn: (message: unknown) => logger.warn(text(message)),
    log: (message: unknown) => logger.info(text(message)),
    debug: (message: unknown) => logger.debug(text(message)),
    verbose: (message: unknown) => logger.trace(text(message)),
  };
}
