import { type ApiServer, startApiServer } from '../../src/bootstrap';
import type { ApiConfig } from '../../src/config/api-config';
import { testApiConfig } from './test-api-config';

export interface TestApiServer extends ApiServer {
  config: ApiConfig;
}

/** An API on an ephemeral port against the run's database; call `close()` in afterAll. */
export async function startTestApi(overrides: Partial<ApiConfig> = {}): Promise<TestApiServer> {
  const config = testApiConfig(overrides);
  const server = await startApiServer(config, { shutdownHooks: false });
  return { ...server, config };
}

/**
 * Registers the suite's hooks: an API started before its tests and closed after them. The handle
 * is usable in tests and in later hooks, once the API is up.
 */
export function useTestApi(overrides: Partial<ApiConfig> = {}): { readonly url: string; readonly config: ApiConfig } {
  let server: TestApiServer | undefined;
  beforeAll(async () => {
    server = await startTestApi(overrides);
  });
  afterAll(async () => {
    await server?.close();
  });
  const started = (): TestApiServer => {
    if (!server) throw new Error('the test API is not started: use it inside tests or hooks');
    return server;
  };
  return {
    get url() {
      return started().url;
    },
    get config() {
      return started().config;
    },
  };
}
