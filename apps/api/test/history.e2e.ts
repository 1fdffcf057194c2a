import { randomUUID } from 'node:crypto';
import type { HistoryPage, Message } from '@app/shared';
import request from 'supertest';
import {
  type TestApiServer,
  type TestUser,
  addMemberTo,
  createCommunityWithChannel,
  internalChatBatch,
  loginAs,
  postMessages,
  startTestApi,
} from './support';

describe('GET /api/channels/:id/messages', () => {
  let api: TestApiServer;
  let owner: TestUser;
  let communityId: string;
  let channelId: string;
  let stored: Message[];

  beforeAll(async () => {
    api = await startTestApi();
    const setup = await createCommunityWithChannel(api.url);
    owner = setup.owner;
    communityId = setup.community.id;
    channelId = setup.channel.id;
    stored = await postMessages(api.url, owner, communityId, channelId, ['one', 'two', 'three', 'four', 'five', 'six', 'seven']);
  });
  afterAll(async () => {
    await api.close();
  });

  const page = async (query: string, user: TestUser = owner): Promise<{ seqs: number[]; hasMore: boolean; body: HistoryPage }> => {
    const res = await request(api.url).get(`/api/channels/${channelId}/messages${query}`).set(user.auth);
    expect(res.status).toBe(200);
    const body = res.body as HistoryPage;
    return { seqs: body.messages.map((m) => m.seq), hasMore: body.hasMore, body };
  };

  it('returns stored messages in the contract shape, ascending by seq', async () => {
    const { body } = await page('');
    expect(body.messages).toHaveLength(7);
    expect(body.messages[0]).toEqual({
      id: stored[0].id,
      communityId,
      channelId,
      seq: 1,
      author: owner.user,
      content: 'one',
      clientMsgId: stored[0].clientMsgId,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      editedAt: null,
      deletedAt: null,
    });
    expect(body.messages).toEqual(stored);
    expect(body.hasMore).toBe(false);
  });

  it.each([
    ['?limit=3', [5, 6, 7], true],
    ['?limit=7', [1, 2, 3, 4, 5, 6, 7], false],
    ['?before=5&limit=3', [2, 3, 4], true],
    ['?before=3&limit=3', [1, 2], false],
    ['?before=1', [], false],
    ['?after=2&limit=3', [3, 4, 5], true],
    ['?after=4&limit=3', [5, 6, 7], false],
    ['?after=5', [6, 7], false],
    ['?after=7', [], false],
    ['?after=2&before=6', [3, 4, 5], false],
    ['?after=1&before=7&limit=2', [2, 3], true],
    ['?after=0&limit=100', [1, 2, 3, 4, 5, 6, 7], false],
  ])('pages with %s', async (query, seqs, hasMore) => {
    expect(await page(query)).toMatchObject({ seqs, hasMore });
  });

  it('defaults to a page of 50, the newest', async () => {
    const setup = await createCommunityWithChannel(api.url);
    const contents = Array.from({ length: 55 }, (_, i) => `m${i + 1}`);
    await postMessages(api.url, setup.owner, setup.community.id, setup.channel.id, contents);
    const res = await request(api.url).get(`/api/channels/${setup.channel.id}/messages`).set(setup.owner.auth);
    expect(res.body.messages).toHaveLength(50);
    expect(res.body.messages[0].seq).toBe(6);
    expect(res.body.messages[49].seq).toBe(55);
    expect(res.body.hasMore).toBe(true);
  });

  it('returns a deleted message with its seq, deletedAt set and content empty', async () => {
    const setup = await createCommunityWithChannel(api.url);
    const [, second] = await postMessages(api.url, setup.owner, setup.community.id, setup.channel.id, ['keep', 'drop', 'keep too']);
    const [result] = await internalChatBatch(api.url, [
      {
        userId: setup.owner.user.id,
        communityId: setup.community.id,
        chat: { chatType: 'delete', channelId: setup.channel.id, messageId: second.id },
      },
    ]);
    expect(result.ok).toBe(true);
    const res = await request(api.url).get(`/api/channels/${setup.channel.id}/messages`).set(setup.owner.auth);
    expect(res.body.messages.map((m: Message) => [m.seq, m.content, m.deletedAt === null])).toEqual([
      [1, 'keep', true],
      [2, '', false],
      [3, 'keep too', true],
    ]);
  });

  it.each([
    ['limit=0'],
    ['limit=101'],
    ['limit=abc'],
    ['limit=5.5'],
    ['before=-1'],
    ['after=1e3'],
    ['after='],
    ['cursor=3'],
    ['limit=1&limit=2'],
  ])('rejects ?%s with 400 and details', async (query) => {
    const res = await request(api.url).get(`/api/channels/${channelId}/messages?${query}`).set(owner.auth);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'validation_failed',
      message: expect.stringMatching(/^invalid history query/),
      details: expect.arrayContaining([{ path: expect.any(String), message: expect.any(String) }]),
    });
  });

  it('is for channel members only: 403 for others, 404 for unknown channels', async () => {
    const member = await addMemberTo(api.url, owner, communityId);
    const stranger = await loginAs(api.url);
    expect((await request(api.url).get(`/api/channels/${channelId}/messages`).set(member.auth)).status).toBe(403);
    expect((await request(api.url).get(`/api/channels/${channelId}/messages`).set(stranger.auth)).status).toBe(403);
    const missing = await request(api.url).get(`/api/channels/${randomUUID()}/messages`).set(owner.auth);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });
});
