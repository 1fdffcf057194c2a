import type { IncomingMessage } from 'node:http';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { Logger, LoggerModule } from 'nestjs-pino';
import type { LogLevelSetting } from '../config/log-level';
import type { LogFormat } from './log-format';
import { PINO_LEVEL, prettyStream } from './pino-output';

export interface AppLoggerOptions {
  level: LogLevelSetting;
  format: LogFormat;
  /**
   * Requests logged when they complete (method, URL, status, time, request id); default none.
   * Internal, metrics and probe routes stay out: one line per chat batch or scrape is noise, and
   * the chat path must not pay for it.
   */
  logRequest?: (req: IncomingMessage) => boolean;
}

/**
 * pino behind Nest's Logger: every existing `new Logger(context)` call site writes through it once
 * {@link useAppLogger} ran. Lines of a request carry its id (`req.id`, from the `x-request-id`
 * header when the app sets it first).
 */
export function appLoggerModule(options: AppLoggerOptions): DynamicModule {
  const logRequest = options.logRequest ?? (() => false);
  const pretty = options.format === 'pretty' ? prettyStream() : undefined;
  const pinoOptions = {
    level: PINO_LEVEL[options.level],
    autoLogging: { ignore: (req: IncomingMessage) => !logRequest(req) },
    // Only what identifies a request: no headers, which carry bearer tokens.
    serializers: {
      req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    // A failure the app did not expect is logged where it is caught, with its stack and the request
    // id (the API's exception filter); the request's own line only says how it ended. 5xx at warn:
    // during an outage every request answers 503, which is the outage's one error, not thousands.
    customLogLevel: (_req: IncomingMessage, res: { statusCode: number }, err?: Error) =>
      err || res.statusCode >= 500 ? ('warn' as const) : ('info' as const),
    customErrorMessage: (_req: IncomingMessage, res: { statusCode: number }) => `request failed with status ${res.statusCode}`,
    // Without pino-http's made-up "failed with status code" error and its stack.
    customErrorObject: (_req: IncomingMessage, _res: unknown, _err: Error, value: Record<string, unknown>) => ({
      res: value.res,
      responseTime: value.responseTime,
    }),
  };
  return LoggerModule.forRoot({ pinoHttp: pretty ? [pinoOptions, pretty] : pinoOptions });
}

/** Routes Nest's Logger (the app's and every `new Logger(...)`) to pino; call right after the app is created. */
export function useAppLogger(app: INestApplication): void {
  app.useLogger(app.get(Logger));
}
