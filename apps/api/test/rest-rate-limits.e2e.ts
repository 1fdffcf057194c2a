import request from 'supertest';
import { bearer, loginAs, uniqueName, useTestApi } from './support';
import { testRedisUrl, uniqueKeyPrefix } from '../../socket/test/support/multi-node';

/** REST writes per user and sign-ins per address are limited: 429 `rate_limited` with Retry-After. */
describe.each([
  ['in memory', {}],
  ['in Redis', { redis: true }],
] as const)('REST limits (%s)', (_where, options) => {
  const prefix = uniqueKeyPrefix();
  const api = useTestApi({
    REST_WRITES_PER_MINUTE: 3,
    LOGINS_PER_MINUTE: 4,
    ...('redis' in options ? { REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: prefix } : {}),
  });

  it('limits sign-ins per address, with Retry-After and the contract error', async () => {
    const statuses: number[] = [];
    let limited: request.Response | undefined;
    for (let i = 0; i < 6; i++) {
      const res = await request(api.url)
        .post('/api/auth/login')
        .send({ username: uniqueName('u') });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    // Earlier tests of this file may have signed in already: at most four succeed, then 429.
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(4);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    expect(limited!.body).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('REST write limits per user', () => {
  const api = useTestApi({ REST_WRITES_PER_MINUTE: 3 });

  it('counts writes per user (not per address), and never reads', async () => {
    const [alice, bob] = [await loginAs(api.url), await loginAs(api.url)];
    const write = (token: string) =>
      request(api.url)
        .post('/api/communities')
        .set(bearer(token))
        .send({ name: uniqueName('c') });
    const alices = [];
    for (let i = 0; i < 4; i++) alices.push((await write(alice.token)).status);
    expect(alices).toEqual([201, 201, 201, 429]);
    // Bob, from the same address, has his own budget.
    expect((await write(bob.token)).status).toBe(201);
    // Reads are not limited.
    for (let i = 0; i < 10; i++) expect((await request(api.url).get('/api/me').set(bearer(alice.token))).status).toBe(200);
  });
});
