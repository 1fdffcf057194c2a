import { loadSocketConfig, logLevelsFrom } from './socket-config';

const REQUIRED = { INTERNAL_TOKEN: 'internal-token-0123456789', JWT_SECRET: 'jwt-secret-0123456789' };

describe('loadSocketConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadSocketConfig({ ...REQUIRED });
    expect(config).toEqual({
      host: '0.0.0.0',
      port: 3001,
      apiUrl: 'http://127.0.0.1:3000',
      internalToken: REQUIRED.INTERNAL_TOKEN,
      jwtSecret: REQUIRED.JWT_SECRET,
      apiTimeoutMs: 5000,
      apiConnections: 16,
      corsOrigin: '*',
      redisUrl: undefined,
      logLevel: 'log',
      chatRate: { perSecond: 50, burst: 100 },
    });
  });

  it('reads every variable', () => {
    const config = loadSocketConfig({
      ...REQUIRED,
      SOCKET_HOST: '127.0.0.1',
      SOCKET_PORT: '0',
      API_URL: 'http://api.internal:8080/',
      API_TIMEOUT_MS: '250',
      API_CONNECTIONS: '4',
      CORS_ORIGIN: 'https://a.example, https://b.example',
      REDIS_URL: 'redis://127.0.0.1:6379',
      LOG_LEVEL: 'debug',
      CHAT_RATE_PER_SEC: '5',
      CHAT_RATE_BURST: '10',
    });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      apiUrl: 'http://api.internal:8080',
      apiTimeoutMs: 250,
      apiConnections: 4,
      corsOrigin: ['https://a.example', 'https://b.example'],
      redisUrl: 'redis://127.0.0.1:6379',
      logLevel: 'debug',
      chatRate: { perSecond: 5, burst: 10 },
    });
  });

  it('treats empty variables as unset and info as log', () => {
    const config = loadSocketConfig({ ...REQUIRED, REDIS_URL: '', SOCKET_PORT: '', LOG_LEVEL: 'info' });
    expect(config.redisUrl).toBeUndefined();
    expect(config.port).toBe(3001);
    expect(config.logLevel).toBe('log');
  });

  it('names every bad variable in one error', () => {
    let message = '';
    try {
      loadSocketConfig({
        JWT_SECRET: 'short',
        SOCKET_PORT: '70000',
        API_URL: 'ftp://nope',
        API_TIMEOUT_MS: '12abc',
        REDIS_URL: 'http://not-redis',
        LOG_LEVEL: 'loud',
      });
    } catch (err) {
      message = (err as Error).message;
    }
    for (const name of ['INTERNAL_TOKEN', 'JWT_SECRET', 'SOCKET_PORT', 'API_URL', 'API_TIMEOUT_MS', 'REDIS_URL', 'LOG_LEVEL']) {
      expect(message).toContain(`- ${name}:`);
    }
    expect(message).toContain('INTERNAL_TOKEN: is required');
    expect(message).toContain('JWT_SECRET: must be at least 16 characters');
  });

  it('wants the API as an origin', () => {
    expect(() => loadSocketConfig({ ...REQUIRED, API_URL: 'http://api:3000/prefix' })).toThrow(/API_URL: must be an origin/);
  });

  it('refuses a zero pool and a negative port', () => {
    expect(() => loadSocketConfig({ ...REQUIRED, API_CONNECTIONS: '0' })).toThrow(/API_CONNECTIONS: must be at least 1/);
    expect(() => loadSocketConfig({ ...REQUIRED, SOCKET_PORT: '-1' })).toThrow(/SOCKET_PORT/);
  });
});

describe('logLevelsFrom', () => {
  it('includes the level and everything more severe', () => {
    expect(logLevelsFrom('warn')).toEqual(['fatal', 'error', 'warn']);
    expect(logLevelsFrom('verbose')).toHaveLength(6);
    expect(logLevelsFrom('silent')).toBe(false);
  });
});
