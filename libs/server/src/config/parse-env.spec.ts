import { z } from 'zod';
import { ConfigError } from './config-error';
import { envFields as f } from './env-fields';
import { logLevelField, nestLogLevels } from './log-level';
import { parseEnv } from './parse-env';

const schema = z.object({
  PORT: f.port().default(3000),
  STRICT_PORT: f.port(1).optional(),
  SECRET: f.secret(),
  URL: f.httpUrl().optional(),
  ORIGIN: f.httpOrigin().optional(),
  DB: f.postgresUrl().optional(),
  REDIS: f.redisUrl().optional(),
  PREFIX: f.redisKeyPrefix().default('p'),
  FLAG: f.boolean().default(true),
  WAIT_MS: f.durationMs(1, 1000).default(500),
  TTL_SECONDS: f.durationSeconds(1, 60).default(60),
  MODE: f.oneOf(['a', 'b']).default('a'),
  LOG_LEVEL: logLevelField(),
});

const SECRET = '0123456789abcdef';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    parseEnv(schema, env, 'test');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected parseEnv to throw');
}

describe('parseEnv', () => {
  it('applies the defaults and converts the values', () => {
    expect(parseEnv(schema, { SECRET }, 'test')).toEqual({
      PORT: 3000,
      SECRET,
      PREFIX: 'p',
      FLAG: true,
      WAIT_MS: 500,
      TTL_SECONDS: 60,
      MODE: 'a',
      LOG_LEVEL: 'log',
    });
    const parsed = parseEnv(schema, { SECRET, PORT: '0', FLAG: 'false', WAIT_MS: '1', ORIGIN: 'https://a.example:8443/', MODE: 'b' }, 'test');
    expect(parsed).toMatchObject({ PORT: 0, FLAG: false, WAIT_MS: 1, ORIGIN: 'https://a.example:8443', MODE: 'b' });
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv(schema, { SECRET, PORT: '', FLAG: '', URL: '', LOG_LEVEL: '' }, 'test')).toMatchObject({
      PORT: 3000,
      FLAG: true,
      LOG_LEVEL: 'log',
    });
    expect(problemsOf({ SECRET: '' })).toEqual(['SECRET: is required']);
  });

  it('ignores variables the schema does not name', () => {
    expect(parseEnv(schema, { SECRET, PATH: '/usr/bin' }, 'test')).not.toHaveProperty('PATH');
  });

  it('names every bad variable in one error, with the subject in its message', () => {
    let error: unknown;
    try {
      parseEnv(
        schema,
        {
          PORT: '65536',
          STRICT_PORT: '0',
          URL: 'ftp://x',
          ORIGIN: 'http://a/path',
          DB: 'mysql://x',
          REDIS: 'http://r',
          PREFIX: 'has space',
          FLAG: 'yes',
          WAIT_MS: '0',
          TTL_SECONDS: '61',
          MODE: 'c',
          LOG_LEVEL: 'loud',
        },
        'test',
      );
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toEqual([
      'PORT: must be at most 65535',
      'STRICT_PORT: must be at least 1',
      'SECRET: is required',
      'URL: must be an http(s) URL',
      'ORIGIN: must be an origin (http://host:port) without a path',
      'DB: must be a postgres:// URL',
      'REDIS: must be a redis:// or rediss:// URL',
      'PREFIX: must be 1-64 of [A-Za-z0-9_.:{}-]',
      'FLAG: must be true or false',
      'WAIT_MS: must be at least 1 ms',
      'TTL_SECONDS: must be at most 60 s',
      'MODE: must be one of a, b',
      'LOG_LEVEL: must be one of silent, fatal, error, warn, log, debug, verbose, info (= log)',
    ]);
    expect(message.split('\n')[0]).toBe('Invalid test configuration:');
    for (const problem of problems) expect(message).toContain(`  - ${problem}`);
  });

  it('refuses numbers that are not plain decimal digits', () => {
    for (const value of ['12abc', '1e3', '0x10', ' 12', '-1', '3.5'])
      expect(problemsOf({ SECRET, PORT: value })).toEqual(['PORT: must be a non-negative integer']);
  });

  it('wants secrets of at least 16 characters', () => {
    expect(problemsOf({ SECRET: 'short' })).toEqual(['SECRET: must be at least 16 characters']);
  });
});

describe('logLevelField', () => {
  const level = (value: string) => parseEnv(z.object({ LOG_LEVEL: logLevelField() }), { LOG_LEVEL: value }, 'test').LOG_LEVEL;

  it('accepts every documented level, info as an alias of log, in any case', () => {
    for (const value of ['silent', 'fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const) expect(level(value)).toBe(value);
    expect(level('info')).toBe('log');
    expect(level('INFO')).toBe('log');
    expect(level('Debug')).toBe('debug');
  });

  it('refuses anything else, listing what it accepts', () => {
    expect(() => level('trace')).toThrow(/LOG_LEVEL: must be one of silent, .*verbose, info \(= log\)/);
  });
});

describe('nestLogLevels', () => {
  it('includes the more severe levels and turns logging off for silent', () => {
    expect(nestLogLevels('warn')).toEqual(['fatal', 'error', 'warn']);
    expect(nestLogLevels('log')).toEqual(['fatal', 'error', 'warn', 'log']);
    expect(nestLogLevels('verbose')).toHaveLength(6);
    expect(nestLogLevels('silent')).toBe(false);
  });
});
