import { type ApiServer, startApiServer } from '../../src/bootstrap';
import type { ApiConfig } from '../../src/config/api-config';
import { testApiConfig } from './test-api-config';

export interface TestApiServer extends ApiServer {
  config: ApiConfig;
}

/**
 * Each test API's internal listener, by its public URL: fixtures that post to `/internal/*` are
 * handed the public URL (what every test has) and find the internal one here.
 */
const internalUrls = new Map<string, string>();

/** The internal listener (`/internal/*`) of the test API answering at `publicUrl`. */
export function internalUrlOf(publicUrl: string): string {
  const internal = internalUrls.get(publicUrl);
  if (!internal) throw new Error(`no test API of this process answers at ${publicUrl}`);
  return internal;
}

/** An API on ephemeral ports (public and internal) against the run's database; call `close()` in afterAll. */
export async function startTestApi(overrides: Partial<ApiConfig> = {}): Promise<TestApiServer> {
  const config = testApiConfig(overrides);
  const server = await startApiServer(config, { shutdownHooks: false });
  internalUrls.set(server.url, server.internalUrl);
  return {
    ...server,
    config,
    close: async () => {
      internalUrls.delete(server.url);
      await server.close();
    },
  };
}

/**
 * Registers the suite's hooks: an API started before its tests and closed after them. The handle
 * is usable in tests and in later hooks, once the API is up.
 */
export function useTestApi(overrides: Partial<ApiConfig> = {}): {
  readonly url: string;
  readonly internalUrl: string;
  readonly config: ApiConfig;
} {
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
    get internalUrl() {
      return started().internalUrl;
    },
    get config() {
      return started().config;
    },
  };
}
