import { ConfigError } from '@app/server';
import { loadSocketConfig, SOCKET_ENV_VARS, SocketConfig } from './socket-config';

const REQUIRED = { INTERNAL_TOKEN: 'internal-token-0123456789', JWT_SECRET: 'jwt-secret-0123456789' };

describe('loadSocketConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadSocketConfig({ ...REQUIRED });
    expect(config).toBeInstanceOf(SocketConfig);
    expect(Object.isFrozen(config)).toBe(true);
    expect(config).toEqual({
      host: '0.0.0.0',
      port: 3001,
      apiUrl: 'http://127.0.0.1:3100',
      internalToken: REQUIRED.INTERNAL_TOKEN,
      jwtSecret: REQUIRED.JWT_SECRET,
      tokenRules: { requireExpiry: false, issuer: undefined, audience: undefined },
      apiTimeoutMs: 5000,
      apiConnections: 16,
      // The web page of an API on its default port, as a browser may name it either way.
      corsOrigin: ['http://127.0.0.1:3000', 'http://localhost:3000'],
      redisUrl: undefined,
      logLevel: 'log',
      logFormat: 'pretty',
      chatRate: { perSecond: 50, burst: 100 },
      eventRate: { perSecond: 20, burst: 40 },
      maxSocketsPerUser: 20,
      drainTimeoutMs: 10000,
      heartbeat: { pingIntervalMs: 10000, pingTimeoutMs: 10000 },
      chatWrite: { mode: 'batched', batchMax: 500, maxInFlight: 1, windowMs: 0, queueMax: 10000, queueMaxWaitMs: 500, coalesceWrites: true },
      scaleOut: {
        adapter: 'classic',
        keyPrefix: 'commu-chat',
        publicUrl: undefined,
        nodeId: expect.stringMatching(/^[A-Za-z0-9_.-]+-[0-9a-f]{8}$/),
        instanceId: expect.stringMatching(new RegExp(`^[A-Za-z0-9_.-]+-[0-9a-f]{8}\\.${process.pid}\\.[0-9a-f]{6}$`)),
        workers: 1,
        workerIndex: undefined,
        rebalance: { minExcess: 0.2, afterReports: 5, maxMoves: 2 },
        reportIntervalMs: 2000,
        nodeTtlMs: 6000,
      },
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
      CHAT_WRITE_MODE: 'naive',
      CHAT_BATCH_MAX: '32',
      CHAT_BATCH_IN_FLIGHT: '2',
      CHAT_BATCH_WINDOW_MS: '1',
      CHAT_QUEUE_MAX: '50',
      CHAT_QUEUE_MAX_WAIT_MS: '250',
      SOCKET_COALESCE_WRITES: 'false',
      DRAIN_TIMEOUT_MS: '2500',
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
      chatWrite: { mode: 'naive', batchMax: 32, maxInFlight: 2, windowMs: 1, queueMax: 50, queueMaxWaitMs: 250, coalesceWrites: false },
      drainTimeoutMs: 2500,
    });
  });

  it('refuses an unknown write mode and a batch larger than the contract allows', () => {
    expect(() => loadSocketConfig({ ...REQUIRED, CHAT_WRITE_MODE: 'fast' })).toThrow(/CHAT_WRITE_MODE: must be one of batched, naive, relay/);
    expect(() => loadSocketConfig({ ...REQUIRED, CHAT_BATCH_MAX: '501' })).toThrow(/CHAT_BATCH_MAX: must be at most 500/);
    expect(() => loadSocketConfig({ ...REQUIRED, CHAT_QUEUE_MAX: '0' })).toThrow(/CHAT_QUEUE_MAX: must be at least 1/);
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
    expect(message).toContain('LOG_LEVEL: must be one of silent, fatal, error, warn, log, debug, verbose, info (= log)');
  });

  it('throws the ConfigError the API throws too, listing the problems', () => {
    let error: unknown;
    try {
      loadSocketConfig({ ...REQUIRED, SOCKET_COALESCE_WRITES: 'yes' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(['SOCKET_COALESCE_WRITES: must be true or false']);
  });

  it('lists its variables in two sections, the operator settings first and the nine tuning knobs last', () => {
    expect(SOCKET_ENV_VARS.slice(-9)).toEqual([
      'CHAT_RATE_PER_SEC',
      'CHAT_RATE_BURST',
      'CHAT_WRITE_MODE',
      'CHAT_BATCH_MAX',
      'CHAT_BATCH_IN_FLIGHT',
      'CHAT_BATCH_WINDOW_MS',
      'CHAT_QUEUE_MAX',
      'CHAT_QUEUE_MAX_WAIT_MS',
      'SOCKET_COALESCE_WRITES',
    ]);
    expect(new Set(SOCKET_ENV_VARS).size).toBe(SOCKET_ENV_VARS.length);
  });

  it('wants the API as an origin', () => {
    expect(() => loadSocketConfig({ ...REQUIRED, API_URL: 'http://api:3000/prefix' })).toThrow(/API_URL: must be an origin/);
  });

  it('refuses a zero pool and a negative port', () => {
    expect(() => loadSocketConfig({ ...REQUIRED, API_CONNECTIONS: '0' })).toThrow(/API_CONNECTIONS: must be at least 1/);
    expect(() => loadSocketConfig({ ...REQUIRED, SOCKET_PORT: '-1' })).toThrow(/SOCKET_PORT/);
  });
});

describe('loadSocketConfig: scale-out variables', () => {
  it('reads the adapter, the routing announcement and the workers', () => {
    const config = loadSocketConfig({
      ...REQUIRED,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_ADAPTER: 'sharded',
      REDIS_KEY_PREFIX: '{chat-eu}',
      SOCKET_PUBLIC_URL: 'https://socket-1.example.com/',
      SOCKET_NODE_ID: 'socket-1',
      SOCKET_WORKERS: '4',
      ROUTING_REPORT_INTERVAL_MS: '500',
      ROUTING_NODE_TTL_MS: '1500',
      SOCKET_WORKER_INDEX: '3',
      REBALANCE_MIN_EXCESS: '0.5',
      REBALANCE_AFTER_REPORTS: '10',
      REBALANCE_MAX_MOVES: '0',
    });
    expect(config.scaleOut).toEqual({
      adapter: 'sharded',
      keyPrefix: '{chat-eu}',
      publicUrl: 'https://socket-1.example.com',
      nodeId: 'socket-1',
      instanceId: expect.stringMatching(new RegExp(`^socket-1\\.${process.pid}\\.[0-9a-f]{6}$`)),
      workers: 4,
      workerIndex: 3,
      rebalance: { minExcess: 0.5, afterReports: 10, maxMoves: 0 },
      reportIntervalMs: 500,
      nodeTtlMs: 1500,
    });
  });

  it('gives every process a node id of its own unless told', () => {
    expect(loadSocketConfig({ ...REQUIRED }).scaleOut.nodeId).not.toBe(loadSocketConfig({ ...REQUIRED }).scaleOut.nodeId);
  });

  it('refuses bad values, naming each', () => {
    let message = '';
    try {
      loadSocketConfig({
        ...REQUIRED,
        REDIS_ADAPTER: 'cluster',
        SOCKET_PUBLIC_URL: 'ws://x/path',
        SOCKET_NODE_ID: 'a b',
        SOCKET_WORKERS: '0',
        REBALANCE_MIN_EXCESS: '-1',
        REBALANCE_MAX_MOVES: 'x',
      });
    } catch (err) {
      message = (err as Error).message;
    }
    for (const name of ['REDIS_ADAPTER', 'SOCKET_PUBLIC_URL', 'SOCKET_NODE_ID', 'SOCKET_WORKERS', 'REBALANCE_MIN_EXCESS', 'REBALANCE_MAX_MOVES'])
      expect(message).toContain(`- ${name}:`);
  });

  it('wants a TTL of at least two report intervals, and Redis for several workers', () => {
    expect(() => loadSocketConfig({ ...REQUIRED, ROUTING_REPORT_INTERVAL_MS: '1000', ROUTING_NODE_TTL_MS: '1500' })).toThrow(
      /ROUTING_NODE_TTL_MS: must be at least twice ROUTING_REPORT_INTERVAL_MS/,
    );
    expect(() => loadSocketConfig({ ...REQUIRED, SOCKET_WORKERS: '2' })).toThrow(/SOCKET_WORKERS: more than 1 worker needs REDIS_URL/);
  });
});
