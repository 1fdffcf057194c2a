import { ConfigError } from '@app/server';
import { ApiConfig, loadApiConfig, loadMigrateConfig } from './api-config';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/chat',
  JWT_SECRET: 'a-secret-of-enough-length',
  INTERNAL_TOKEN: 'an-internal-token-long-enough',
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadApiConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected loadApiConfig to throw');
}

describe('loadApiConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadApiConfig(valid);
    expect(config).toBeInstanceOf(ApiConfig);
    expect(config).toMatchObject({
      API_HOST: '0.0.0.0',
      API_PORT: 3000,
      AUTH_MODE: 'jwt',
      SOCKET_ENDPOINT_URL: 'http://localhost:3001',
      LOG_LEVEL: 'log',
      LOG_FORMAT: 'pretty',
      MIGRATE_ON_START: true,
      JWT_TTL_SECONDS: 86400,
    });
    expect(config).not.toHaveProperty('NODE_ENV');
    expect(config.REDIS_URL).toBeUndefined();
    expect(config).toMatchObject({ REDIS_KEY_PREFIX: 'commu-chat', ROUTING_ASSIGNMENT_TTL_SECONDS: 86400 });
    expect(config.WEB_DIR).toBeUndefined();
    expect(config.deprecations).toEqual([]);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('keeps the dev login on loopback unless told to expose it', () => {
    expect(loadApiConfig({ ...valid, AUTH_MODE: 'dev' }).API_HOST).toBe('127.0.0.1');
    expect(loadApiConfig({ ...valid, AUTH_MODE: 'jwt' }).API_HOST).toBe('0.0.0.0');
    expect(loadApiConfig({ ...valid, AUTH_MODE: 'dev', API_HOST: '::1' }).API_HOST).toBe('::1');
    expect(problemsOf({ ...valid, AUTH_MODE: 'dev', API_HOST: '0.0.0.0' })).toEqual([
      expect.stringMatching(/^API_HOST: the dev login .*DEV_AUTH_EXPOSED=true/),
    ]);
    expect(loadApiConfig({ ...valid, AUTH_MODE: 'dev', API_HOST: '0.0.0.0', DEV_AUTH_EXPOSED: 'true' }).API_HOST).toBe('0.0.0.0');
  });

  it('refuses placeholder secrets', () => {
    expect(problemsOf({ ...valid, JWT_SECRET: 'compose-dev-jwt-secret-change-me', INTERNAL_TOKEN: 'replace-with-a-placeholder' })).toEqual([
      'JWT_SECRET: is a placeholder: set a secret of your own',
      'INTERNAL_TOKEN: is a placeholder: set a secret of your own',
    ]);
  });

  it('parses ports (0 means ephemeral) and modes', () => {
    const config = loadApiConfig({ ...valid, API_PORT: '0', AUTH_MODE: 'dev', WEB_DIR: '/srv/web', LOG_LEVEL: 'silent' });
    expect(config.API_PORT).toBe(0);
    expect(config.AUTH_MODE).toBe('dev');
    expect(config.WEB_DIR).toBe('/srv/web');
    expect(config.LOG_LEVEL).toBe('silent');
  });

  it('reads LOG_FORMAT, json by default in production, and refuses other formats', () => {
    expect(loadApiConfig({ ...valid, NODE_ENV: 'production' }).LOG_FORMAT).toBe('json');
    expect(loadApiConfig({ ...valid, NODE_ENV: 'production', LOG_FORMAT: 'pretty' }).LOG_FORMAT).toBe('pretty');
    expect(problemsOf({ ...valid, LOG_FORMAT: 'text' })).toEqual(['LOG_FORMAT: must be one of json, pretty']);
  });

  it('skips migrating at start only when told so, in so many words', () => {
    expect(loadApiConfig({ ...valid, MIGRATE_ON_START: 'false' }).MIGRATE_ON_START).toBe(false);
    expect(problemsOf({ ...valid, MIGRATE_ON_START: 'no' })).toEqual(['MIGRATE_ON_START: must be true or false']);
  });

  it('gives the migration job only what it needs: DATABASE_URL', () => {
    expect(loadMigrateConfig({ DATABASE_URL: valid.DATABASE_URL, PATH: '/bin' })).toEqual({ DATABASE_URL: valid.DATABASE_URL });
    expect(() => loadMigrateConfig({})).toThrow('DATABASE_URL: is required');
    expect(() => loadMigrateConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
  });

  it('treats empty variables as unset', () => {
    const config = loadApiConfig({ ...valid, API_PORT: '', WEB_DIR: '' });
    expect(config.API_PORT).toBe(3000);
    expect(config.WEB_DIR).toBeUndefined();
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({
      API_PORT: '70000',
      AUTH_MODE: 'magic',
      JWT_SECRET: 'short',
      SOCKET_ENDPOINT_URL: 'ftp://example.com',
      SOCKET_PUBLIC_URL: 'ftp://example.com',
      LOG_LEVEL: 'loud',
    });
    const named = problems.map((p) => p.split(':')[0]).sort();
    expect(named).toEqual([
      'API_PORT',
      'AUTH_MODE',
      'DATABASE_URL',
      'INTERNAL_TOKEN',
      'JWT_SECRET',
      'LOG_LEVEL',
      'SOCKET_ENDPOINT_URL',
      'SOCKET_PUBLIC_URL',
    ]);
  });

  it('reads the routing variables and wants Redis as a redis:// URL', () => {
    const config = loadApiConfig({
      ...valid,
      REDIS_URL: 'redis://cache:6379',
      REDIS_KEY_PREFIX: '{chat}',
      ROUTING_ASSIGNMENT_TTL_SECONDS: '60',
    });
    expect(config).toMatchObject({ REDIS_URL: 'redis://cache:6379', REDIS_KEY_PREFIX: '{chat}', ROUTING_ASSIGNMENT_TTL_SECONDS: 60 });
    const problems = problemsOf({ ...valid, REDIS_URL: 'http://cache:6379', REDIS_KEY_PREFIX: 'has space' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['REDIS_KEY_PREFIX', 'REDIS_URL']);
  });

  it('rejects a non-numeric port and a non-postgres database URL', () => {
    const problems = problemsOf({ ...valid, API_PORT: 'abc', DATABASE_URL: 'mysql://x' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['API_PORT', 'DATABASE_URL']);
  });

  it('accepts info as log, the vocabulary the socket app and the launchers share', () => {
    expect(loadApiConfig({ ...valid, LOG_LEVEL: 'info' }).LOG_LEVEL).toBe('log');
    expect(loadApiConfig({ ...valid, LOG_LEVEL: 'WARN' }).LOG_LEVEL).toBe('warn');
  });

  it('refuses a fractional or padded number', () => {
    const problems = problemsOf({ ...valid, API_PORT: '3000.5', JWT_TTL_SECONDS: '1e3', ROUTING_ASSIGNMENT_TTL_SECONDS: ' 60' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['API_PORT', 'JWT_TTL_SECONDS', 'ROUTING_ASSIGNMENT_TTL_SECONDS']);
  });

  it('puts each problem in the error message', () => {
    expect(() => loadApiConfig({})).toThrow(/DATABASE_URL[\s\S]*JWT_SECRET[\s\S]*INTERNAL_TOKEN/);
  });
});

describe('loadApiConfig: SOCKET_ENDPOINT_URL and its deprecated name', () => {
  it('reads SOCKET_ENDPOINT_URL without a warning', () => {
    const config = loadApiConfig({ ...valid, SOCKET_ENDPOINT_URL: 'https://socket.example.com' });
    expect(config.SOCKET_ENDPOINT_URL).toBe('https://socket.example.com');
    expect(config.deprecations).toEqual([]);
  });

  it('still reads SOCKET_PUBLIC_URL, with a warning to rename it', () => {
    const config = loadApiConfig({ ...valid, SOCKET_PUBLIC_URL: 'https://old.example.com' });
    expect(config.SOCKET_ENDPOINT_URL).toBe('https://old.example.com');
    expect(config.deprecations).toEqual([expect.stringMatching(/SOCKET_PUBLIC_URL is deprecated.*rename it to SOCKET_ENDPOINT_URL/)]);
    expect(config).not.toHaveProperty('SOCKET_PUBLIC_URL');
  });

  it('prefers the new name when both are set, and says the old one is ignored', () => {
    const config = loadApiConfig({ ...valid, SOCKET_ENDPOINT_URL: 'https://new.example.com', SOCKET_PUBLIC_URL: 'https://old.example.com' });
    expect(config.SOCKET_ENDPOINT_URL).toBe('https://new.example.com');
    expect(config.deprecations).toEqual([expect.stringMatching(/SOCKET_PUBLIC_URL .*ignored/)]);
  });
});
