import { loadApiConfig, startApiServer, type ApiServer } from '../../../apps/api/src/public-api';
import { loadSocketConfig, startSocketServer, type RunningSocketServer } from '../../../apps/socket/src/public-api';
import type { BenchStack, MemoryUsageSample, ModeSpec, RunningSocket } from '../../src/stack/bench-stack';

const SECRETS = { JWT_SECRET: 'bench-jwt-secret-0123456789abcdef', INTERNAL_TOKEN: 'bench-internal-token-0123456789abcdef' };

function memory(): Promise<MemoryUsageSample> {
  (globalThis as { gc?: () => void }).gc?.();
  return Promise.resolve(process.memoryUsage());
}

/**
 * The API and one socket app per mode inside the jest process, against the run's migrated
 * database: lets the smoke test drive the whole bench without a build. Every "process" the report
 * names is then this one, so its CPU and memory figures mean nothing; only their presence is tested.
 */
export async function startInProcessStack(databaseUrl: string): Promise<BenchStack> {
  const api: ApiServer = await startApiServer(
    loadApiConfig({
      ...SECRETS,
      DATABASE_URL: databaseUrl,
      API_HOST: '127.0.0.1',
      API_PORT: '0',
      INTERNAL_PORT: '0',
      REST_WRITES_PER_MINUTE: '1000000',
      LOGINS_PER_MINUTE: '1000000',
      AUTH_MODE: 'dev',
      LOG_LEVEL: 'error',
    }),
    { shutdownHooks: false },
  );
  const sockets = new Map<string, RunningSocketServer>();
  return {
    kind: 'in-process',
    apiUrl: api.url,
    apiPid: process.pid,
    internalToken: SECRETS.INTERNAL_TOKEN,
    internalUrl: api.internalUrl,
    databaseUrl,
    parallelSockets: true,
    async startSocket(mode: ModeSpec): Promise<RunningSocket> {
      const env: NodeJS.ProcessEnv = {
        ...SECRETS,
        SOCKET_HOST: '127.0.0.1',
        SOCKET_PORT: '0',
        API_URL: api.internalUrl,
        LOG_LEVEL: 'silent',
        CHAT_RATE_PER_SEC: '100000',
        CHAT_RATE_BURST: '100000',
        ...(mode.writeMode ? { CHAT_WRITE_MODE: mode.writeMode } : {}),
      };
      const server = await startSocketServer(loadSocketConfig(env), { shutdownHooks: false });
      sockets.set(mode.name, server);
      return { mode: mode.name, url: server.url, pid: process.pid, nodes: [{ url: server.url, pid: process.pid }], memory };
    },
    async stopSocket(name: string): Promise<void> {
      await sockets.get(name)?.close();
      sockets.delete(name);
    },
    async stop(): Promise<void> {
      for (const server of sockets.values()) await server.close();
      sockets.clear();
      await api.close();
    },
  };
}
