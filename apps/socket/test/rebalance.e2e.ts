import { type CommunitySummary, type EndpointResponse, nodeRegistryKeys } from '@app/shared';
import Redis from 'ioredis';
import request from 'supertest';
import { ChatClient } from '../../../libs/client/src';
import { expectEventually } from '../../../test/support/expect-eventually';
import {
  addCommunityMember,
  createChannel,
  createCommunity,
  loginAs,
  querySql,
  startTestApi,
  type TestApiServer,
  type TestUser,
} from '../../api/test/support';
import type { RunningSocketServer } from '../src/bootstrap';
import type { LoadSampler } from '../src/routing/load-sampler';
import { NodeAnnouncer } from '../src/routing/node-announcer.service';
import { deleteKeys, startSocketNode, testRedisUrl, uniqueKeyPrefix } from './support/multi-node';

/**
 * Rebalancing: a node that got every community while it was alone moves some of them to the node
 * that joined later, a few per round, until their loads are close; clients follow `community-moved`
 * and nothing is lost or doubled on the way. Both nodes run in this process, so their event-loop
 * loads are the same and the sockets make the difference (thresholds scaled down to a few sockets).
 */
describe('routing follows the clients: rebalancing, and a Redis restart', () => {
  jest.setTimeout(60_000);
  const COMMUNITIES = 8;
  let api: TestApiServer;
  let redis: Redis;
  const keyPrefix = uniqueKeyPrefix();
  const nodes: RunningSocketServer[] = [];
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    redis = new Redis(testRedisUrl());
    api = await startTestApi({ REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: keyPrefix });
  });

  afterAll(async () => {
    clients.forEach((c) => c.stop());
    await Promise.all(nodes.map((node) => node.close()));
    await api.close();
    await deleteKeys(redis, keyPrefix);
    redis.disconnect();
  });

  /** Sockets per node as last reported to routing. */
  async function socketsPerNode(): Promise<Record<string, number>> {
    const keys = nodeRegistryKeys(keyPrefix);
    const ids = await redis.zrange(keys.instances, 0, -1);
    const rows = await Promise.all(ids.map((id) => redis.hmget(keys.instance(id), 'nodeId', 'sockets')));
    return Object.fromEntries(rows.map(([nodeId, sockets]) => [nodeId!, Number(sockets)]));
  }

  /**
   * Both nodes share this process's event loop, whose utilisation each samples over its own
   * interval: noise far above what a few sockets weigh. Their reports leave it out, so that the
   * sockets are the load (every other part of the reports, routing and moves is the real one).
   */
  async function withoutEventLoopNoise(node: RunningSocketServer): Promise<RunningSocketServer> {
    const announcer = node.app.get(NodeAnnouncer) as unknown as { sampler: LoadSampler };
    const sample = announcer.sampler.sample.bind(announcer.sampler);
    announcer.sampler.sample = () => ({ ...sample(), elu: 0 });
    return node;
  }

  async function endpointUrl(user: TestUser, community: CommunitySummary): Promise<string> {
    const res = await request(api.url).get(`/api/communities/${community.id}/endpoint`).set(user.auth);
    return (res.body as EndpointResponse).url;
  }

  it('moves communities off the busier node until the spread is small, clients follow, no message lost or doubled', async () => {
    const scaleOut = { reportIntervalMs: 100, nodeTtlMs: 1000, rebalance: { minExcess: 0.0003, afterReports: 3, maxMoves: 3 } };
    const nodeA = await withoutEventLoopNoise(await startSocketNode({ apiUrl: api.internalUrl, keyPrefix, nodeId: 'a', scaleOut }));
    nodes.push(nodeA);

    // Two users in eight communities, all routed to A while it is alone: 16 sockets on A, plus each
    // user's own namespace (which counts as load but is not moved).
    const owner = await loginAs(api.url);
    const member = await loginAs(api.url);
    const communities: CommunitySummary[] = [];
    const channels: string[] = [];
    for (let i = 0; i < COMMUNITIES; i++) {
      const community = await createCommunity(api.url, owner);
      channels.push((await createChannel(api.url, owner, community.id)).id);
      await addCommunityMember(api.url, owner, community.id, member.user.id);
      communities.push(community);
    }
    const [sender, listener] = await Promise.all(
      [owner, member].map(async (user) => {
        const client = new ChatClient({ token: user.token, baseUrl: api.url, refreshIntervalMs: 0, managerOptions: { reconnectionDelay: 100 } });
        clients.push(client);
        await client.start();
        return client;
      }),
    );
    for (const channelId of channels) {
      await listener.joinChannel(channelId);
      await listener.openChannel(channelId);
    }
    const connected = () =>
      [sender, listener].forEach((c) =>
        expect(c.store.getState().communities.map((x) => x.connection)).toEqual(communities.map(() => 'connected')),
      );
    await expectEventually(connected, 10_000);
    await expectEventually(async () => expect(await socketsPerNode()).toEqual({ a: 2 * COMMUNITIES + 2 }), 5000);
    const before = await socketsPerNode();

    // B joins; the sender keeps writing to every community while A hands communities over.
    const nodeB = await withoutEventLoopNoise(await startSocketNode({ apiUrl: api.internalUrl, keyPrefix, nodeId: 'b', scaleOut }));
    nodes.push(nodeB);
    const sent: string[] = [];
    let n = 0;
    const ticker = setInterval(() => {
      const i = n % COMMUNITIES;
      const content = `c${i}-m${n++}`;
      sender.send(channels[i]!, content);
      sent.push(content);
      // Ten a second: well under the per-user chat budget (50/s), so that nothing here is refused.
    }, 100);
    let after: Record<string, number>;
    try {
      await expectEventually(
        async () => {
          const now = await socketsPerNode();
          // Every socket back (none in transit), and the two nodes within two communities of each other.
          expect((now.a ?? 0) + (now.b ?? 0)).toBe(2 * COMMUNITIES + 2);
          expect(now.b ?? 0).toBeGreaterThanOrEqual(2 * COMMUNITIES * 0.4);
          expect(Math.abs(now.a! - now.b!)).toBeLessThanOrEqual(4);
        },
        20_000,
        100,
      );
      after = await socketsPerNode();
    } finally {
      clearInterval(ticker);
    }
    console.log(`rebalance: sockets per node before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`);

    // Every community is whole on one node, where routing says it is.
    await expectEventually(connected, 10_000);
    const byUrl = new Map(nodes.map((node) => [node.publicUrl, node]));
    for (const community of communities) {
      const node = byUrl.get(await endpointUrl(owner, community))!;
      expect(node.io._nsps.get(community.namespace)?.sockets.size).toBe(2);
    }

    // Nothing lost or doubled; the listener holds every message.
    await expectEventually(() => channels.forEach((id) => expect(sender.store.channel(id)?.outbox ?? []).toEqual([])), 30_000);
    const rows = await querySql<{ content: string }>('SELECT content FROM messages WHERE channel_id = ANY($1)', [channels]);
    expect(rows.map((r) => r.content).sort()).toEqual([...sent].sort());
    await expectEventually(() => {
      const held = channels.flatMap((id) => listener.store.channel(id)?.messages.map((m) => m.content) ?? []);
      expect(held.sort()).toEqual([...sent].sort());
    }, 15_000);
  });
  it('re-claims the communities a node serves when Redis comes back empty, so routing sends newcomers where their members are', async () => {
    await Promise.all(nodes.splice(0).map((node) => node.close()));
    clients.splice(0).forEach((c) => c.stop());
    const scaleOut = { reportIntervalMs: 100, nodeTtlMs: 1000 };
    const nodeA = await withoutEventLoopNoise(await startSocketNode({ apiUrl: api.internalUrl, keyPrefix, nodeId: 'a2', scaleOut }));
    nodes.push(nodeA);
    const owner = await loginAs(api.url);
    const community = await createCommunity(api.url, owner);
    expect(await endpointUrl(owner, community)).toBe(nodeA.publicUrl);
    const client = new ChatClient({ token: owner.token, baseUrl: api.url, refreshIntervalMs: 0 });
    clients.push(client);
    await client.start();
    await expectEventually(() => expect(nodeA.io._nsps.get(community.namespace)?.sockets.size).toBe(1), 10_000);
    const nodeB = await withoutEventLoopNoise(await startSocketNode({ apiUrl: api.internalUrl, keyPrefix, nodeId: 'b2', scaleOut }));
    nodes.push(nodeB);

    // Redis restarts without persistence: every routing key is gone. B, with no sockets, is now the
    // least-loaded node, so without a claim the community's next client would land there.
    await deleteKeys(redis, keyPrefix);
    await expectEventually(async () => {
      const keys = nodeRegistryKeys(keyPrefix);
      expect(await redis.zcard(keys.instances)).toBe(2);
      expect(await redis.get(keys.community(community.id))).not.toBeNull();
    }, 5000);
    expect(await endpointUrl(owner, community)).toBe(nodeA.publicUrl);
    // A community nobody is connected to goes to the least-loaded node as usual.
    expect(await endpointUrl(owner, await createCommunity(api.url, owner))).toBe(nodeB.publicUrl);
  });
});
