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
