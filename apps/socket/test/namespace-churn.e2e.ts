import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { communityNamespace } from '@app/shared';
import Redis from 'ioredis';
import { Manager } from 'socket.io-client';
import { expectEventually } from '../../../test/support/expect-eventually';
import { realProcess } from '../../../test/support/real-process';
import type { RunningSocketServer } from '../src/bootstrap';
import { adapterChannelPrefix } from '../src/cluster/socket-adapter.factory';
import { type FakeInternalApi, startFakeInternalApi } from './support/fake-internal-api';
import { deleteKeys, startSocketNode, subscriptionsOf, testRedisUrl, uniqueKeyPrefix } from './support/multi-node';
import { signTestToken } from './support/socket-test-config';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const NAMESPACES_PER_ROUND = 2000;
const CONCURRENT = 50;
/** Every REFUSED_EVERY-th handshake is refused: a refused handshake makes and drops a namespace too. */
const REFUSED_EVERY = 10;

interface AdapterClients {
  pubClient: Redis;
  subClient: Redis;
}

/** Listener counts of one client, by event. */
function listenerCounts(client: Redis): Record<string, number> {
  return Object.fromEntries(client.eventNames().map((name) => [String(name), client.listenerCount(name)]));
}

function heapUsedMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/**
 * Thousands of community namespaces made and dropped (a client connects and leaves each) must
 * leave the Redis subscriptions, the clients' listeners and the heap where they were.
 */
describe.each(['classic', 'sharded'] as const)('namespace churn on the %s Redis adapter', (adapter) => {
  jest.setTimeout(120_000);
  let api: FakeInternalApi;
  let node: RunningSocketServer;
  let redis: Redis;
  const keyPrefix = uniqueKeyPrefix();
  const nodeId = 'churn';
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);

  beforeAll(async () => {
    realProcess().on('warning', onWarning);
    redis = new Redis(testRedisUrl());
    api = await startFakeInternalApi();
    api.on('communityAccess', (body) => {
      const { userId, communityId } = body as { userId: string; communityId: string };
      if (communityId.endsWith('0')) return { status: 200, body: { ok: false, error: { code: 'forbidden', message: 'not a member' } } };
      return { status: 200, body: { ok: true, user: { id: userId, username: 'churner' } } };
    });
    node = await startSocketNode({ apiUrl: api.url, keyPrefix, adapter, nodeId });
  });

  afterAll(async () => {
    realProcess().off('warning', onWarning);
    await node.close();
    await api.close();
    await deleteKeys(redis, keyPrefix);
    redis.disconnect();
  });

  /** Community ids ending in 0 are refused by the fake API: one in REFUSED_EVERY, as hex digits go. */
  const communityId = (i: number) => `${randomUUID().slice(0, -1)}${i % REFUSED_EVERY === 0 ? '0' : '1'}`;

  /** Connects CONCURRENT clients to as many fresh namespaces over one connection, then leaves them all. */
  async function churn(count: number, duringBatch?: () => Promise<void>): Promise<{ accepted: number; refused: number }> {
    let accepted = 0;
    let refused = 0;
    for (let start = 0; start < count; start += CONCURRENT) {
      const manager = new Manager(node.url, { transports: ['websocket'], reconnection: false, timeout: 10_000 });
      const sockets = Array.from({ length: Math.min(CONCURRENT, count - start) }, (_, i) =>
        manager.socket(communityNamespace(communityId(start + i)), { auth: { token: signTestToken(randomUUID()) } }),
      );
      const outcomes = await Promise.all(
        sockets.map(
          (socket) =>
            new Promise<boolean>((resolve) => {
              socket.once('connect', () => resolve(true));
              socket.once('connect_error', () => resolve(false));
            }),
        ),
      );
      accepted += outcomes.filter(Boolean).length;
      refused += outcomes.filter((ok) => !ok).length;
      if (duringBatch && start === 0) await duringBatch();
      for (const socket of sockets) socket.disconnect();
    }
    return { accepted, refused };
  }

  it(`leaves Redis subscriptions, listeners and heap at baseline after ${2 * NAMESPACES_PER_ROUND} namespaces`, async () => {
    const { pubClient, subClient } = node.io.sockets.adapter as unknown as AdapterClients;
    const channelPattern = `${adapterChannelPrefix(keyPrefix)}*`;
    const pubsubChannels = async () => {
      const [classic, sharded] = await Promise.all([
        redis.call('PUBSUB', 'CHANNELS', channelPattern),
        redis.call('PUBSUB', 'SHARDCHANNELS', channelPattern),
      ]);
      return { channels: (classic as string[]).length, shardChannels: (sharded as string[]).length };
    };
    const snapshot = async () => ({
      namespaces: node.io._nsps.size,
      subscriptions: await subscriptionsOf(redis, keyPrefix, nodeId),
      pubsub: await pubsubChannels(),
      listeners: { pub: listenerCounts(pubClient), sub: listenerCounts(subClient) },
    });
    const baseline = await snapshot();
    const numpatBefore = Number(await redis.call('PUBSUB', 'NUMPAT'));

    // While a batch is connected the adapter really holds its subscriptions: what the test watches can move.
    const peak = async () => {
      const during = await subscriptionsOf(redis, keyPrefix, nodeId);
      const live = node.io._nsps.size - baseline.namespaces;
      expect(live).toBeGreaterThan(CONCURRENT * 0.8);
      if (adapter === 'classic') expect(during.psub - baseline.subscriptions.psub).toBe(live);
      else expect(during.ssub - baseline.subscriptions.ssub).toBe(2 * live);
    };

    const warmup = await churn(NAMESPACES_PER_ROUND / 4, peak);
    expect(warmup.refused).toBeGreaterThan(0);
    await expectEventually(async () => expect(await snapshot()).toEqual(baseline), 10_000);
    const heapAfterWarmup = heapUsedMb();

    const started = Date.now();
    for (let round = 0; round < 2; round++) {
      const { accepted, refused } = await churn(NAMESPACES_PER_ROUND);
      expect(accepted + refused).toBe(NAMESPACES_PER_ROUND);
      expect(refused).toBe(NAMESPACES_PER_ROUND / REFUSED_EVERY);
      await expectEventually(async () => expect(await snapshot()).toEqual(baseline), 10_000);
    }
    const elapsedMs = Date.now() - started;
    const heapGrowthMb = heapUsedMb() - heapAfterWarmup;
    const numpatAfter = Number(await redis.call('PUBSUB', 'NUMPAT'));
    console.log(
      `${adapter}: ${2 * NAMESPACES_PER_ROUND} namespaces in ${elapsedMs} ms, heap ${heapGrowthMb.toFixed(2)} MB after vs before, ` +
        `subscriptions ${JSON.stringify(baseline.subscriptions)}, NUMPAT ${numpatBefore} -> ${numpatAfter}`,
    );

    // Measured: noise stays under ~5 MB; keeping every dropped namespace (about 4 KB each) adds ~17 MB here.
    expect(heapGrowthMb).toBeLessThan(8);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    expect(elapsedMs).toBeLessThan(60_000);
  });
});
