import request from 'supertest';
import { loginAs, uniqueName, useTestApi } from './support';

describe('GET /api/users/by-username/:username', () => {
  const api = useTestApi();

  it('finds a user by exact username', async () => {
    const alice = await loginAs(api.url);
    const bob = await loginAs(api.url);
    const res = await request(api.url).get(`/api/users/by-username/${bob.user.username}`).set(alice.auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(bob.user);
  });

  it('answers 404 for an unknown user, 400 for an impossible name, 401 without a token', async () => {
    const alice = await loginAs(api.url);
    const unknown = await request(api.url)
      .get(`/api/users/by-username/${uniqueName('nobody')}`)
      .set(alice.auth);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });

    const invalid = await request(api.url)
      .get(`/api/users/by-username/${'x'.repeat(33)}`)
      .set(alice.auth);
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ message: expect.any(String) })] });

    const anonymous = await request(api.url).get(`/api/users/by-username/${alice.user.username}`);
    expect(anonymous.status).toBe(401);
  });
});
