import { z } from 'zod';
import { ConfigError } from '../config/config-error';
import { parseEnv } from '../config/parse-env';
import { logFormatField, nodeEnvField, resolveLogFormat } from './log-format';

const schema = z.object({ LOG_FORMAT: logFormatField(), NODE_ENV: nodeEnvField() });
const format = (env: NodeJS.ProcessEnv) => {
  const e = parseEnv(schema, env, 'test');
  return resolveLogFormat(e.LOG_FORMAT, e.NODE_ENV);
};

describe('LOG_FORMAT', () => {
  it('accepts json and pretty in any case', () => {
    expect(format({ LOG_FORMAT: 'json' })).toBe('json');
    expect(format({ LOG_FORMAT: 'Pretty', NODE_ENV: 'production' })).toBe('pretty');
    expect(format({ LOG_FORMAT: ' JSON ' })).toBe('json');
  });

  it('defaults to json in production and pretty elsewhere', () => {
    expect(format({ NODE_ENV: 'production' })).toBe('json');
    expect(format({ NODE_ENV: 'development' })).toBe('pretty');
    expect(format({})).toBe('pretty');
    expect(format({ LOG_FORMAT: '', NODE_ENV: 'production' })).toBe('json');
  });

  it('refuses anything else, listing what it accepts', () => {
    for (const value of ['text', 'logfmt', 'json5']) {
      expect(() => format({ LOG_FORMAT: value })).toThrow(ConfigError);
      expect(() => format({ LOG_FORMAT: value })).toThrow('LOG_FORMAT: must be one of json, pretty');
    }
  });
});
