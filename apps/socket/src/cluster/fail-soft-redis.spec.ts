import { spawnSync } from 'node:child_process';
import { FailSoftRedis } from './fail-soft-redis';

/** Not connected, and commands may not queue: each command is rejected at once. */
function offlineClient(): FailSoftRedis {
  // disconnectTimeout: on disconnect ioredis arms a timer (2 s by default) to destroy a stream that
  // never reports 'close', as a refused one does not; it kept jest from exiting for those 2 s.
  const client = new FailSoftRedis({ lazyConnect: true, enableOfflineQueue: false, port: 1, retryStrategy: () => null, disconnectTimeout: 10 });
  client.on('error', () => undefined);
  return client;
}

describe('FailSoftRedis', () => {
  it('is needed: with plain ioredis, a fire-and-forget command that fails ends the process', () => {
    // What the Socket.IO Redis adapters do with publish and (un)subscribe while Redis is away.
    const script = `
      const Redis = require(${JSON.stringify(require.resolve('ioredis'))});
      const client = new Redis({ lazyConnect: true, enableOfflineQueue: false, port: 1, retryStrategy: () => null });
      client.on('error', () => {});
      client.publish('channel', 'message');
      setTimeout(() => process.exit(0), 200);
    `;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("Stream isn't writeable");
  });

  it('lets such a command fail quietly (jest fails a test that leaves an unhandled rejection)', async () => {
    const client = offlineClient();
    void client.publish('channel', 'message');
    void client.ssubscribe('channel');
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.disconnect();
  });

  it('still rejects for a caller that awaits the command', async () => {
    const client = offlineClient();
    await expect(client.publish('channel', 'message')).rejects.toThrow(/enableOfflineQueue/);
    client.disconnect();
  });
});
