import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { startS3Server } from '../../../test/support/s3-server';
import type { FileStorage } from '../src/files/storage/file-storage';
import { LocalFileStorage } from '../src/files/storage/local-file-storage';
import { S3FileStorage } from '../src/files/storage/s3-file-storage';

/** Both storage drivers pass the same suite: a local directory, and a real S3-compatible server (s3rver). */
describe.each(['local', 's3'] as const)('file storage (%s driver)', (driver) => {
  let storage: FileStorage;
  let close: () => Promise<void>;

  beforeAll(async () => {
    if (driver === 'local') {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'commu-chat-files-'));
      storage = new LocalFileStorage(dir);
      close = () => rm(dir, { recursive: true, force: true });
    } else {
      const server = await startS3Server('files');
      const s3 = new S3FileStorage({
        bucket: 'files',
        region: 'us-east-1',
        endpoint: server.endpoint,
        forcePathStyle: true,
        accessKeyId: 'S3RVER',
        secretAccessKey: 'S3RVER',
      });
      storage = s3;
      close = async () => {
        s3.close();
        await server.close();
      };
    }
  });
  afterAll(() => close());

  const key = () => `${randomUUID()}/${randomUUID()}`;

  it('stores a stream, reads it back, and deletes it (twice without error)', async () => {
    const k = key();
    const body = 'x'.repeat(300_000);
    await storage.put(k, Readable.from([body.slice(0, 100_000), body.slice(100_000)]), 'text/plain');
    expect(await text(await storage.get(k))).toBe(body);
    await storage.delete(k);
    await storage.delete(k);
    await expect(storage.get(k)).rejects.toThrow();
  });

  it('stores nothing when the stream fails', async () => {
    const k = key();
    const failing = new Readable({
      read() {
        this.push('partial');
        this.destroy(new Error('client went away'));
      },
    });
    await expect(storage.put(k, failing, 'text/plain')).rejects.toThrow();
    await expect(storage.get(k)).rejects.toThrow();
  });

  it('refuses a key it did not make', async () => {
    await expect(storage.get('../../etc/passwd')).rejects.toThrow('not a file key');
  });
});
