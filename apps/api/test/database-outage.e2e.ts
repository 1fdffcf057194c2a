import request from 'supertest';
import {
  type TcpProxy,
  type TestApiServer,
  createCommunityWithChannel,
  internalChatBatch,
  startTcpProxy,
  startTestApi,
  testDatabaseUrl,
  uniqueName,
} from './support';

describe('when the database goes away', () => {
  let proxy: TcpProxy;
  let api: TestApiServer;

  beforeAll(async () => {
    const direct = new URL(testDatabaseUrl());
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const viaProxy = new URL(direct);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    api = await startTestApi({ DATABASE_URL: viaProxy.toString(), LOG_LEVEL: 'silent' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers chat commands with unavailable results and REST with 503, never hanging', async () => {
    const { owner, community, channel } = await createCommunityWithChannel(api.url);
    await proxy.cut();

    const command = {
      userId: owner.user.id,
      communityId: community.id,
      chat: { chatType: 'new', channelId: channel.id, content: 'lost?', clientMsgId: uniqueName('c') },
    };
    const results = await internalChatBatch(api.url, [command, { ...command, chat: { ...command.chat, content: '' } }]);
    expect(results).toEqual([
      { ok: false, error: { code: 'unavailable', message: expect.any(String) } },
      // Validation needs no database: that command still gets its own answer.
      { ok: false, error: expect.objectContaining({ code: 'validation_failed' }) },
    ]);

    const rest = await request(api.url).get('/api/me').set(owner.auth).set('x-request-id', 'outage-probe-1');
    expect(rest.status).toBe(503);
    expect(rest.body).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    // The reference a user reports is the request's id, which the API's log line carries too.
    expect(rest.body.error.message).toContain('(ref outage-probe-1)');
    expect(rest.headers['x-request-id']).toBe('outage-probe-1');
    expect(rest.headers['x-correlation-id']).toBe('outage-probe-1');
  });
});
