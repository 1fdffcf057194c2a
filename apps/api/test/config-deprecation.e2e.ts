import { Logger } from '@nestjs/common';
import request from 'supertest';
import { type ApiServer, startApiServer } from '../src/bootstrap';
import { loadApiConfig } from '../src/config/api-config';
import { createCommunity, loginAs, TEST_INTERNAL_TOKEN, TEST_JWT_SECRET, testDatabaseUrl } from './support';

/** An existing deployment that still gives the API the old name of SOCKET_ENDPOINT_URL keeps working. */
describe('API configured with the deprecated SOCKET_PUBLIC_URL', () => {
  const oldUrl = 'http://127.0.0.1:3977';
  let api: ApiServer;
  let warnings: string[];

  beforeAll(async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const config = loadApiConfig({
      DATABASE_URL: testDatabaseUrl(),
      API_HOST: '127.0.0.1',
      API_PORT: '0',
      INTERNAL_PORT: '0',
      AUTH_MODE: 'dev',
      JWT_SECRET: TEST_JWT_SECRET,
      INTERNAL_TOKEN: TEST_INTERNAL_TOKEN,
      SOCKET_PUBLIC_URL: oldUrl,
      LOG_LEVEL: 'warn',
    });
    api = await startApiServer(config, { shutdownHooks: false });
    warnings = warn.mock.calls.map(([message]) => String(message));
    warn.mockRestore();
  });

  afterAll(async () => {
    await api?.close();
  });

  it('logs a warning naming the new variable at boot', () => {
    expect(warnings).toContainEqual(expect.stringMatching(/SOCKET_PUBLIC_URL is deprecated.*SOCKET_ENDPOINT_URL/));
  });

  it('still answers the endpoint route with its value', async () => {
    const owner = await loginAs(api.url);
    const community = await createCommunity(api.url, owner);
    const res = await request(api.url).get(`/api/communities/${community.id}/endpoint`).set(owner.auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ url: oldUrl, namespace: community.namespace });
  });
});
