import { ERROR_CODES } from '@app/shared';
import fc from 'fast-check';
import request from 'supertest';
import { hostile, nastyStrings } from '../../../test/support/hostile-input';
import { bearer, createCommunityWithChannel, useTestApi } from './support';

const CODES = new Set<string>(ERROR_CODES);

/** Every REST body and query, fed hostile input (fast-check): a contract error or a success, never a 500. */
describe('hostile REST input (property-based)', () => {
  const api = useTestApi();

  it('answers every write route and the history query with a contract status and body', async () => {
    const { owner, community, channel } = await createCommunityWithChannel(api.url);
    const routes: { path: string; base: Record<string, unknown> }[] = [
      { path: '/api/auth/login', base: { username: 'alice' } },
      { path: '/api/communities', base: { name: 'Acme' } },
      { path: `/api/communities/${community.id}/channels`, base: { name: 'general', private: false } },
      { path: `/api/communities/${community.id}/members`, base: { userId: owner.user.id } },
      { path: `/api/channels/${channel.id}/read`, base: { seq: 0 } },
    ];
    const check = (res: request.Response) => {
      expect(res.status).toBeLessThan(500);
      if (res.status >= 400) expect(CODES.has((res.body as { error?: { code?: string } }).error?.code ?? '')).toBe(true);
    };
    for (const { path, base } of routes) {
      await fc.assert(
        fc.asyncProperty(hostile(base), async (payload) => {
          const body = JSON.stringify(payload);
          const req = request(api.url).post(path).set(bearer(owner.token)).set('Content-Type', 'application/json');
          check(await (body === undefined ? req : req.send(body)));
        }),
        { numRuns: 30 },
      );
    }
    await fc.assert(
      fc.asyncProperty(fc.dictionary(nastyStrings, nastyStrings, { maxKeys: 3 }), async (query) => {
        check(await request(api.url).get(`/api/channels/${channel.id}/messages`).query(query).set(bearer(owner.token)));
      }),
      { numRuns: 40 },
    );
    // Malformed JSON and path ids.
    check(await request(api.url).post('/api/communities').set(bearer(owner.token)).set('Content-Type', 'application/json').send('{"name":'));
    check(await request(api.url).get('/api/channels/%E0%A4%A/messages').set(bearer(owner.token)));
    // Refused by Node's HTTP parser before any route: still the contract's body.
    const huge = await request(api.url).get(`/api/channels/${channel.id}/messages?before=${'9'.repeat(20_000)}`);
    expect(huge.status).toBe(431);
    expect(huge.body).toEqual({ error: { code: 'validation_failed', message: 'the URL or the headers are too large' } });
  });
});
