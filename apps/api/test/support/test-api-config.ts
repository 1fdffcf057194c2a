import os from 'node:os';
import path from 'node:path';
import { ApiConfig, loadApiConfig } from '../../src/config/api-config';

export const TEST_JWT_SECRET = 'test-jwt-secret-0123456789abcdef';
export const TEST_INTERNAL_TOKEN = 'test-internal-token-0123456789abcdef';
export const TEST_SOCKET_ENDPOINT_URL = 'http://127.0.0.1:3901';

/** The run's database, created and migrated once by test/global-setup.ts. */
export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (test/global-setup.ts sets it)');
  return url;
}

/**
 * A valid config for a test server: the run's database, an ephemeral port on loopback, dev login,
 * known secrets and quiet logs. Overrides win.
 */
export function testApiConfig(overrides: Partial<ApiConfig> = {}): ApiConfig {
  const base = loadApiConfig({
    DATABASE_URL: testDatabaseUrl(),
    API_HOST: '127.0.0.1',
    API_PORT: '0',
    INTERNAL_PORT: '0',
    AUTH_MODE: 'dev',
    JWT_SECRET: TEST_JWT_SECRET,
    INTERNAL_TOKEN: TEST_INTERNAL_TOKEN,
    SOCKET_ENDPOINT_URL: TEST_SOCKET_ENDPOINT_URL,
    LOG_LEVEL: 'error',
    // Suites set up many users and channels from one address; apps/api/test/rest-rate-limits.e2e.ts tests the limits.
    REST_WRITES_PER_MINUTE: '1000000',
    LOGINS_PER_MINUTE: '1000000',
    FILES_DIR: path.join(os.tmpdir(), `commu-chat-test-files-${process.pid}`),
  });
  return Object.freeze(Object.assign(new ApiConfig(), base, overrides));
}
