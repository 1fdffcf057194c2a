import { ConfigError } from '@app/server';
import { loadClusterConfig, loadStartConfig, withoutSocketPublicUrl } from './launcher-config';

describe('loadStartConfig', () => {
  it('applies the defaults', () => {
    expect(loadStartConfig({})).toEqual({
      DATA_DIR: '.data',
      API_PORT: 3000,
      INTERNAL_PORT: 3100,
      PUBLIC_HOST: 'localhost',
      LOG_LEVEL: 'log',
      EMBEDDED_PG_PORT: 54329,
      SOCKET_PORT: 3001,
    });
  });

  it('reads the socket URLs, each under its own name, and the apps’ LOG_LEVEL vocabulary', () => {
    const config = loadStartConfig({
      SOCKET_PUBLIC_URL: 'https://socket.example.com/',
      SOCKET_ENDPOINT_URL: 'https://edge.example.com',
      LOG_LEVEL: 'info',
      API_URL: 'http://10.0.0.1:3000',
      WEB_DIR: '/srv/web',
    });
    expect(config).toMatchObject({
      SOCKET_PUBLIC_URL: 'https://socket.example.com',
      SOCKET_ENDPOINT_URL: 'https://edge.example.com',
      LOG_LEVEL: 'log',
      API_URL: 'http://10.0.0.1:3000',
      WEB_DIR: '/srv/web',
    });
  });

  it('names every bad variable before anything starts', () => {
    let error: unknown;
    try {
      loadStartConfig({
        API_PORT: '0',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
        JWT_SECRET: 'short',
        SOCKET_PUBLIC_URL: 'http://x/path',
        AUTH_MODE: 'magic',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'API_PORT',
      'AUTH_MODE',
      'DATABASE_URL',
      'JWT_SECRET',
      'LOG_LEVEL',
      'SOCKET_PUBLIC_URL',
    ]);
  });
});

describe('loadClusterConfig', () => {
  it('applies the defaults of a local Postgres and Redis', () => {
    expect(loadClusterConfig({})).toMatchObject({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
      REDIS_URL: 'redis://127.0.0.1:6379',
      SOCKET_PORT: 3001,
      SOCKET_WORKERS: 2,
      AUTH_MODE: 'dev',
      LOG_LEVEL: 'log',
    });
  });

  it('keeps room for the second node’s port and refuses a bad LOG_LEVEL', () => {
    const load = () => loadClusterConfig({ SOCKET_PORT: '65535', LOG_LEVEL: 'trace' });
    expect(load).toThrow(/- SOCKET_PORT: must be at most 65534/);
    expect(load).toThrow(/- LOG_LEVEL: must be one of/);
  });
});

describe('withoutSocketPublicUrl', () => {
  it('keeps the socket app’s SOCKET_PUBLIC_URL from the API, and everything else', () => {
    const env = { SOCKET_PUBLIC_URL: 'http://a:1', PATH: '/bin' };
    expect(withoutSocketPublicUrl(env)).toEqual({ PATH: '/bin' });
    expect(env.SOCKET_PUBLIC_URL).toBe('http://a:1');
  });
});
