import request from 'supertest';
import sharp from 'sharp';
import type { Attachment, HistoryPage, InternalChatResult } from '@app/shared';
import { FilesCleanupService } from '../src/files/files-cleanup.service';
import {
  addMemberTo,
  createChannel,
  createCommunity,
  internalChatBatch,
  loginAs,
  querySql,
  startTestApi,
  type TestApiServer,
  type TestUser,
  uniqueName,
} from './support';

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } })
    .png()
    .toBuffer();

/** Uploads, downloads and attachments, with the local driver (the S3 driver: file-storage.e2e.ts). */
describe('files', () => {
  let api: TestApiServer;
  let small: TestApiServer;
  beforeAll(async () => {
    [api, small] = await Promise.all([startTestApi(), startTestApi({ MAX_UPLOAD_BYTES: 1000 })]);
  });
  afterAll(async () => {
    await Promise.all([api?.close(), small?.close()]);
  });

  const upload = (server: TestApiServer, user: TestUser, communityId: string, body: Buffer, name: string, contentType: string) =>
    request(server.url).post(`/api/communities/${communityId}/files`).set(user.auth).attach('file', body, { filename: name, contentType });
  /** A multipart body written by hand: form-data (under supertest) would cut a name with a path to its last part. */
  const rawUpload = (user: TestUser, communityId: string, filename: string) => {
    const boundary = 'b0undary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n`),
      Buffer.from('x'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return request(api.url)
      .post(`/api/communities/${communityId}/files`)
      .set(user.auth)
      .set('content-type', `multipart/form-data; boundary=${boundary}`)
      .send(body);
  };
  const chat = (user: TestUser, communityId: string, channelId: string, attachments: string[], clientMsgId = uniqueName('m')) =>
    internalChatBatch(api.url, [
      { userId: user.user.id, communityId, chat: { chatType: 'new', channelId, content: 'see attached', clientMsgId, attachments } },
    ]).then(([r]) => r);

  async function world() {
    const alice = await loginAs(api.url);
    const community = await createCommunity(api.url, alice);
    const channel = await createChannel(api.url, alice, community.id, { private: true });
    const bob = await addMemberTo(api.url, alice, community.id, channel.id);
    const carol = await addMemberTo(api.url, alice, community.id);
    return { alice, bob, carol, community, channel };
  }

  it('uploads an image with its size and a thumbnail, downloadable by the uploader only until attached', async () => {
    const { alice, bob, community } = await world();
    const bytes = await png(800, 400);
    const res = await upload(api, alice, community.id, bytes, 'chart.png', 'image/png').expect(201);
    const file = res.body as Attachment;
    expect(file).toEqual({
      id: expect.any(String),
      name: 'chart.png',
      size: bytes.length,
      contentType: 'image/png',
      width: 800,
      height: 400,
      thumbnail: true,
    });

    const got = await request(api.url)
      .get(`/api/files/${file.id}`)
      .set(alice.auth)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(got.status).toBe(200);
    expect(Buffer.compare(got.body as Buffer, bytes)).toBe(0);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['content-disposition']).toBe(`inline; filename="chart.png"; filename*=UTF-8''chart.png`);
    expect(got.headers['x-content-type-options']).toBe('nosniff');

    const thumb = await request(api.url)
      .get(`/api/files/${file.id}/thumbnail`)
      .set(alice.auth)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect(await sharp(thumb.body as Buffer).metadata()).toMatchObject({ format: 'webp', width: 360, height: 180 });

    expect((await request(api.url).get(`/api/files/${file.id}`).set(bob.auth)).status).toBe(404);
  });

  it('attaches files to a new message: in the ack and history, for the conversation, idempotent, never someone else’s', async () => {
    const { alice, bob, carol, community, channel } = await world();
    const a = (await upload(api, alice, community.id, Buffer.from('hello notes'), 'notes.txt', 'text/plain').expect(201)).body as Attachment;
    const b = (await upload(api, alice, community.id, await png(10, 10), 'dot.png', 'image/png').expect(201)).body as Attachment;
    const clientMsgId = uniqueName('m');
    const first = await chat(alice, community.id, channel.id, [b.id, a.id], clientMsgId);
    expect(first.ok).toBe(true);
    const message = (first as Extract<InternalChatResult, { ok: true }>).message;
    expect(message.attachments).toEqual([b, a]);
    // A retry answers with the same message and the same files.
    const again = await chat(alice, community.id, channel.id, [b.id, a.id], clientMsgId);
    expect(again).toMatchObject({ ok: true, message: { id: message.id, attachments: [b, a] } });

    const history = (await request(api.url).get(`/api/channels/${channel.id}/messages`).set(bob.auth).expect(200)).body as HistoryPage;
    expect(history.messages.at(-1)!.attachments).toEqual([b, a]);
    expect((await request(api.url).get(`/api/files/${a.id}`).set(bob.auth)).status).toBe(200);
    // Carol is in the community but not in the private channel.
    expect((await request(api.url).get(`/api/files/${a.id}`).set(carol.auth)).status).toBe(403);

    // Attached already elsewhere; somebody else's; unknown; too many.
    expect(await chat(alice, community.id, channel.id, [a.id])).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    const bobs = (await upload(api, bob, community.id, Buffer.from('mine'), 'mine.txt', 'text/plain').expect(201)).body as Attachment;
    expect(await chat(alice, community.id, channel.id, [bobs.id])).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await chat(alice, community.id, channel.id, ['00000000-0000-4000-8000-000000000000'])).toMatchObject({ ok: false });
    const eleven = Array.from({ length: 11 }, (_, i) => `00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`);
    expect(await chat(alice, community.id, channel.id, eleven)).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    const [{ n }] = await querySql<{ n: string }>('SELECT count(*) AS n FROM messages WHERE channel_id = $1', [channel.id]);
    expect(Number(n)).toBe(1);
  });

  it('refuses bad names, files that are not their type and big files; serves SVG and HTML as attachments', async () => {
    const { alice, community } = await world();
    for (const name of ['a/b.txt', 'a\\b.txt', 'x\u0001.txt', '..']) {
      const res = await rawUpload(alice, community.id, name);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await upload(api, alice, community.id, Buffer.from('not a picture'), 'fake.png', 'image/png')).status).toBe(400);
    expect((await upload(api, alice, community.id, await png(4, 4), 'real.jpg', 'image/jpeg')).status).toBe(400);
    expect((await request(api.url).post(`/api/communities/${community.id}/files`).set(alice.auth).send({ file: 'json' })).status).toBe(400);

    const big = await upload(small, alice, community.id, Buffer.alloc(5000, 1), 'big.bin', 'application/octet-stream');
    expect(big.status).toBe(413);
    expect(big.body.error).toEqual({ code: 'validation_failed', message: expect.stringContaining('1000 byte') });
    expect(await querySql('SELECT 1 FROM files WHERE name = $1 AND uploader_id = $2', ['big.bin', alice.user.id])).toEqual([]);

    for (const [name, type] of [
      ['draw.svg', 'image/svg+xml'],
      ['page.html', 'text/html'],
    ]) {
      const file = (await upload(api, alice, community.id, Buffer.from('<svg onload="alert(1)"/>'), name, type).expect(201)).body as Attachment;
      const res = await request(api.url).get(`/api/files/${file.id}`).set(alice.auth);
      expect(res.headers['content-disposition']).toMatch(/^attachment;/);
      expect(res.headers['content-security-policy']).toContain('sandbox');
    }
  });

  it('removes uploads left unattached for a day', async () => {
    const { alice, community, channel } = await world();
    const old = (await upload(api, alice, community.id, Buffer.from('old'), 'old.txt', 'text/plain').expect(201)).body as Attachment;
    const kept = (await upload(api, alice, community.id, Buffer.from('kept'), 'kept.txt', 'text/plain').expect(201)).body as Attachment;
    const attached = (await upload(api, alice, community.id, Buffer.from('used'), 'used.txt', 'text/plain').expect(201)).body as Attachment;
    expect((await chat(alice, community.id, channel.id, [attached.id])).ok).toBe(true);
    await querySql(`UPDATE files SET created_at = now() - interval '25 hours' WHERE id = ANY($1::uuid[])`, [[old.id, attached.id]]);
    await api.app.get(FilesCleanupService).sweep();
    expect((await request(api.url).get(`/api/files/${old.id}`).set(alice.auth)).status).toBe(404);
    expect((await request(api.url).get(`/api/files/${kept.id}`).set(alice.auth)).status).toBe(200);
    expect((await request(api.url).get(`/api/files/${attached.id}`).set(alice.auth)).status).toBe(200);
  });
});
