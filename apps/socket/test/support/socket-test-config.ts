import jwt from 'jsonwebtoken';
import { TEST_INTERNAL_TOKEN, TEST_JWT_SECRET } from '../../../api/test/support/test-api-config';
import { loadSocketConfig, type SocketConfig } from '../../src/config/socket-config';

/** The secrets of the API's test config, so both servers of a test trust each other. */
export const TEST_SECRETS = { jwtSecret: TEST_JWT_SECRET, internalToken: TEST_INTERNAL_TOKEN } as const;

/** A socket config for tests: ephemeral port, loopback only, quiet logs, generous defaults otherwise. */
export function socketTestConfig(overrides: Partial<SocketConfig> = {}): SocketConfig {
  const base = loadSocketConfig({
    SOCKET_HOST: '127.0.0.1',
    SOCKET_PORT: '0',
    JWT_SECRET: TEST_SECRETS.jwtSecret,
    INTERNAL_TOKEN: TEST_SECRETS.internalToken,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  });
  return { ...base, ...overrides };
}

/** A user token as the dev login would issue it, for tests whose API is a fake. */
export function signTestToken(userId: string, secret: string = TEST_SECRETS.jwtSecret, options: jwt.SignOptions = {}): string {
  return jwt.sign({}, secret, { algorithm: 'HS256', subject: userId, expiresIn: '1h', ...options });
}
