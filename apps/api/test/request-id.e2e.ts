import request from 'supertest';
import { useTestApi } from './support';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Every answer carries the request's id: the caller's when it is sane, a fresh one otherwise. */
describe('x-request-id', () => {
  const api = useTestApi();

  it('echoes a sane incoming id, on REST, internal and probe routes alike', async () => {
    for (const path of ['/api/me', '/internal/chat-batch', '/health/live', '/api/no-such-route']) {
      const res = await request(api.url).get(path).set('x-request-id', 'client-req.42');
      expect(res.headers['x-request-id']).toBe('client-req.42');
    }
  });

  it('generates one when it is missing, too long or unsafe, and a new one per request', async () => {
    const first = await request(api.url).get('/health/live');
    const second = await request(api.url).get('/health/live');
    expect(first.headers['x-request-id']).toMatch(UUID);
    expect(second.headers['x-request-id']).toMatch(UUID);
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    for (const bad of ['x'.repeat(129), 'two words', '<script>']) {
      expect((await request(api.url).get('/health/live').set('x-request-id', bad)).headers['x-request-id']).toMatch(UUID);
    }
  });

  it('answers requests the body parser refuses with their id too', async () => {
    const res = await request(api.url)
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .set('x-request-id', 'broken-body-1')
      .send('{"username":');
    expect(res.status).toBe(400);
    expect(res.headers['x-request-id']).toBe('broken-body-1');
  });
});
