import { ApiConfig, loadApiConfig, nestLogLevels } from './api-config';
import { ApiConfigError } from './api-config.error';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/chat',
  JWT_SECRET: 'a-secret-of-enough-length',
  INTERNAL_TOKEN: 'an-internal-token-long-enough',
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadApiConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ApiConfigError);
    return (err as ApiConfigError).problems;
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
      SOCKET_PUBLIC_URL: 'http://localhost:3001',
      LOG_LEVEL: 'log',
      JWT_TTL_SECONDS: 86400,
    });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config).toMatchObject({ REDIS_KEY_PREFIX: 'commu-chat', ROUTING_ASSIGNMENT_TTL_SECONDS: 86400 });
    expect(config.WEB_DIR).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('parses ports (0 means ephemeral) and modes', () => {
    const config = loadApiConfig({ ...valid, API_PORT: '0', AUTH_MODE: 'dev', WEB_DIR: '/srv/web', LOG_LEVEL: 'silent' });
    expect(config.API_PORT).toBe(0);
    expect(config.AUTH_MODE).toBe('dev');
    expect(config.WEB_DIR).toBe('/srv/web');
    expect(config.LOG_LEVEL).toBe('silent');
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
      SOCKET_PUBLIC_URL: 'ftp://example.com',
    });
    const named = problems.map((p) => p.split(':')[0]).sort();
    expect(named).toEqual(['API_PORT', 'AUTH_MODE', 'DATABASE_URL', 'INTERNAL_TOKEN', 'JWT_SECRET', 'SOCKET_PUBLIC_URL']);
  });

  it('reads the routing variables and wants Redis as a redis:// URL', () => {
    const config = loadApiConfig({ ...valid, REDIS_URL: 'redis://cache:6379', REDIS_KEY_PREFIX: '{chat}', ROUTING_ASSIGNMENT_TTL_SECONDS: '60' });
    expect(config).toMatchObject({ REDIS_URL: 'redis://cache:6379', REDIS_KEY_PREFIX: '{chat}', ROUTING_ASSIGNMENT_TTL_SECONDS: 60 });
    const problems = problemsOf({ ...valid, REDIS_URL: 'http://cache:6379', REDIS_KEY_PREFIX: 'has space' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['REDIS_KEY_PREFIX', 'REDIS_URL']);
  });

  it('rejects a non-numeric port and a non-postgres database URL', () => {
    const problems = problemsOf({ ...valid, API_PORT: 'abc', DATABASE_URL: 'mysql://x' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['API_PORT', 'DATABASE_URL']);
  });

  it('puts each problem in the error message', () => {
    expect(() => loadApiConfig({})).toThrow(/DATABASE_URL[\s\S]*JWT_SECRET[\s\S]*INTERNAL_TOKEN/);
  });
});

describe('nestLogLevels', () => {
  it('includes the more severe levels and turns logging off for silent', () => {
    expect(nestLogLevels('warn')).toEqual(['fatal', 'error', 'warn']);
    expect(nestLogLevels('verbose')).toHaveLength(6);
    expect(nestLogLevels('silent')).toBe(false);
  });
});
