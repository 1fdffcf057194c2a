import { randomUUID } from 'node:crypto';
import type { CommunitySummary, EndpointResponse } from '@app/shared';
import Redis from 'ioredis';
import request from 'supertest';
import { expectEventually } from '../../../test/support/expect-eventually';
import { createChannel, createCommunity, loginAs, startTcpProxy, startTestApi, type TestApiServer, type TestUser } from '../../api/test/support';
import type { RunningSocketServer } from '../src/bootstrap';
import { InstanceRegistry } from '../src/routing/instance-registry';
import { deleteKeys, startSocketNode, testRedisUrl, uniqueKeyPrefix } from './support/multi-node';
import { ack, TestClients } from './support/socket-clients';

const REPORT_MS = 100;
const TTL_MS = 500;

async function endpoint(api: TestApiServer, user: TestUser, community: CommunitySummary): Promise<request.Response> {
  return request(api.url).get(`/api/communities/${community.id}/endpoint`).set(user.auth);
}

async function endpointUrl(api: TestApiServer, user: TestUser, community: CommunitySummary): Promise<string> {
  const res = await endpoint(api, user, community);
  if (res.status !== 200) throw new Error(`endpoint: ${res.status} ${JSON.stringify(res.body)}`);
  const body = res.body as EndpointResponse;
  expect(body.namespace).toBe(community.namespace);
  return body.url;
}

/** A socket process that reports whatever load a test says, as the real announcer would. */
class FakeInstance {
  readonly registry: InstanceRegistry;
  constructor(
    redis: Redis,
    keyPrefix: string,
    readonly nodeId: string,
    readonly url: string,
  ) {
    this.registry = new InstanceRegistry(redis, keyPrefix, `${nodeId}.${randomUUID().slice(0, 8)}`, TTL_MS);
  }

  async report(load: { sockets?: number; elu?: number; worker?: number } = {}): Promise<void> {
    await this.registry.report({
      nodeId: this.nodeId,
      url: this.url,
      sockets: load.sockets ?? 0,
      connections: load.sockets ?? 0,
      elu: load.elu ?? 0,
      worker: load.worker,
    });
  }
}

describe('routing across socket nodes (GET /api/communities/:id/endpoint)', () => {
  let redis: Redis;
  const prefixes: string[] = [];
  const apis: TestApiServer[] = [];

  /** An API routing through Redis under a prefix of its own (or a given one, to share it). */
  async function routingApi(
    keyPrefix = uniqueKeyPrefix(),
  ): Promise<{ api: TestApiServer; keyPrefix: string; user: TestUser; community: () => Promise<CommunitySummary> }> {
    prefixes.push(keyPrefix);
    const api = await startTestApi({ REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: keyPrefix });
    apis.push(api);
    const user = await loginAs(api.url);
    return { api, keyPrefix, user, community: () => createCommunity(api.url, user) };
  }

  beforeAll(() => {
    redis = new Redis(testRedisUrl());
  });
  afterAll(async () => {
    await Promise.all(apis.map((api) => api.close()));
    for (const prefix of prefixes) await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  describe('the decision, with nodes whose load the test sets', () => {
    it('answers 503 unavailable while no node is live', async () => {
      const { api, user, community } = await routingApi();
      const res = await endpoint(api, user, await community());
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    });

    it('sends a new community to the least-loaded live node, and spreads communities asked for within one report interval', async () => {
      const { api, keyPrefix, user, community } = await routingApi();
      const busy = new FakeInstance(redis, keyPrefix, 'busy', 'http://busy.test:1');
      const idle = new FakeInstance(redis, keyPrefix, 'idle', 'http://idle.test:1');
      await busy.report({ sockets: 2500, elu: 0.5 });
      await idle.report({ sockets: 10, elu: 0.1 });
      expect(await endpointUrl(api, user, await community())).toBe(idle.url);

      // Two equally idle nodes: each assignment counts until the next report, so they alternate.
      const left = new FakeInstance(redis, keyPrefix, 'left', 'http://left.test:1');
      const right = new FakeInstance(redis, keyPrefix, 'right', 'http://right.test:1');
      await busy.report({ sockets: 2500, elu: 0.9 });
      await idle.report({ sockets: 2500, elu: 0.9 });
      await left.report();
      await right.report();
      const urls: string[] = [];
      for (let i = 0; i < 6; i++) urls.push(await endpointUrl(api, user, await community()));
      expect(urls.filter((u) => u === left.url)).toHaveLength(3);
      expect(urls.filter((u) => u === right.url)).toHaveLength(3);
    });

    it('keeps a community on its node while the node lives, however loaded, and moves it once the node stops reporting', async () => {
      const { api, keyPrefix, user, community } = await routingApi();
      const first = new FakeInstance(redis, keyPrefix, 'first', 'http://first.test:1');
      const second = new FakeInstance(redis, keyPrefix, 'second', 'http://second.test:1');
      await first.report();
      await second.report({ elu: 0.5 });
      const served = await community();
      expect(await endpointUrl(api, user, served)).toBe(first.url);

      await first.report({ sockets: 20_000, elu: 1 });
      expect(await endpointUrl(api, user, served)).toBe(first.url);
      expect(await endpointUrl(api, user, await community())).toBe(second.url);

      // `first` stops reporting; `second` keeps going.
      const lastReport = Date.now();
      const keepAlive = setInterval(() => void second.report({ elu: 0.5 }), REPORT_MS);
      try {
        await expectEventually(async () => expect(await endpointUrl(api, user, served)).toBe(second.url), 3 * TTL_MS);
      } finally {
        clearInterval(keepAlive);
      }
      expect(Date.now() - lastReport).toBeLessThan(TTL_MS + 250);
      // It now sticks to its new node, even when the old one comes back.
      await first.report();
      await second.report({ elu: 0.9 });
      expect(await endpointUrl(api, user, served)).toBe(second.url);
    });

    it("says how long the assigned process's lease lasts, and names another process just after it runs out", async () => {
      const { api, keyPrefix, user, community } = await routingApi();
      const silent = new FakeInstance(redis, keyPrefix, 'silent', 'http://silent.test:1');
      const live = new FakeInstance(redis, keyPrefix, 'live', 'http://live.test:1');
      await silent.report();
      await live.report({ elu: 0.5 });
      const served = await community();
      const reportedAt = Date.now();
      const answer = (await endpoint(api, user, served)).body as EndpointResponse;
      expect(answer.url).toBe(silent.url);
      expect(answer.leaseMs).toBeGreaterThan(0);
      expect(answer.leaseMs).toBeLessThanOrEqual(TTL_MS - (Date.now() - reportedAt) + 5);

      // `silent` never reports again: asked just after its lease, the route names `live`.
      await live.report({ elu: 0.5 });
      await new Promise((resolve) => setTimeout(resolve, answer.leaseMs! + 25));
      await live.report({ elu: 0.5 });
      const after = (await endpoint(api, user, served)).body as EndpointResponse;
      expect(after.url).toBe(live.url);
      expect(after.leaseMs).toBeGreaterThan(TTL_MS / 2);
    });

    it('weighs the workers of one node together, names the least-loaded worker, and keeps the node while any worker reports', async () => {
      const { api, keyPrefix, user, community } = await routingApi();
      const workers = [
        new FakeInstance(redis, keyPrefix, 'clustered', 'http://clustered.test:1'),
        new FakeInstance(redis, keyPrefix, 'clustered', 'http://clustered.test:1'),
      ];
      await workers[0].report({ sockets: 100, elu: 0.3, worker: 0 });
      await workers[1].report({ sockets: 100, elu: 0.1, worker: 1 });
      const served = await community();
      const first = (await endpoint(api, user, served)).body as EndpointResponse;
      expect(first).toEqual({
        url: 'http://clustered.test:1',
        namespace: served.namespace,
        query: { node: 'clustered', worker: '1' },
        leaseMs: expect.any(Number),
      });

      // The assigned worker stops: the community goes to the other worker of the same node.
      await workers[1].registry.remove();
      expect((await endpoint(api, user, served)).body).toEqual({
        ...first,
        query: { node: 'clustered', worker: '0' },
        leaseMs: expect.any(Number),
      });
      await workers[0].registry.remove();
      expect((await endpoint(api, user, served)).status).toBe(503);
    });

    it('answers 503 quickly while the API cannot reach Redis, and routes again once it can', async () => {
      const direct = new URL(testRedisUrl());
      const proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 6379) });
      try {
        const keyPrefix = uniqueKeyPrefix();
        prefixes.push(keyPrefix);
        const api = await startTestApi({ REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_KEY_PREFIX: keyPrefix });
        apis.push(api);
        const user = await loginAs(api.url);
        const served = await createCommunity(api.url, user);
        const node = new FakeInstance(redis, keyPrefix, 'n', 'http://n.test:1');
        await node.report();
        expect(await endpointUrl(api, user, served)).toBe(node.url);

        await proxy.cut();
        const started = Date.now();
        const res = await endpoint(api, user, served);
        expect(res.status).toBe(503);
        expect(res.body).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
        expect(Date.now() - started).toBeLessThan(2000);

        await proxy.restore();
        await node.report();
        await expectEventually(async () => expect(await endpointUrl(api, user, served)).toBe(node.url), 5000, 100);
      } finally {
        await proxy.close();
      }
    });

    it('gives every API instance the same answer for a new community asked for at once', async () => {
      const first = await routingApi();
      const second = await routingApi(first.keyPrefix);
      const nodes = ['a', 'b', 'c'].map((id) => new FakeInstance(redis, first.keyPrefix, id, `http://${id}.test:1`));
      for (const node of nodes) await node.report();
      const served = await first.community();
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => endpointUrl(i % 2 ? second.api : first.api, first.user, served)));
      expect(new Set(answers).size).toBe(1);
    });
  });

  describe('with real socket nodes', () => {
    const clients = new TestClients();
    const nodes: RunningSocketServer[] = [];
    afterEach(async () => {
      clients.closeAll();
      await Promise.all(nodes.splice(0).map((node) => node.close()));
    });

    const fast = { reportIntervalMs: REPORT_MS, nodeTtlMs: TTL_MS };

    it('answers the one live node, which serves the community at that URL', async () => {
      const { api, keyPrefix, user, community } = await routingApi();
      nodes.push(await startSocketNode({ apiUrl: api.internalUrl, keyPrefix, nodeId: 'only', scaleOut: fast }));
      const served = await community();
      const url = await endpointUrl(api, user, served);
      expect(url).toBe(nodes[0].publicUrl);
      expect(url).toMatch(/^http:\/\/localhost:\d+$/);
      const channel = await createChannel(api.url, user, served.id);
      const socket = await clients.connect(url, served.namespace, { token: user.token });
      expect(await ack(socket, 'join', { channels: [channel.id] })).toEqual({ joined: [channel.id], rejected: [] });
    });

    it('moves a community at once from a node that shut down, and within the TTL from one that went silent', async () => {
      const { api, keyPrefix, user, community } = await routingApi();
      const proxy = await startTcpProxy({ host: new URL(testRedisUrl()).hostname, port: Number(new URL(testRedisUrl()).port || 6379) });
      try {
        const viaProxy = `redis://127.0.0.1:${proxy.port}`;
        const [silent, closing, survivor] = [
          await startSocketNode({ apiUrl: api.internalUrl, keyPrefix, nodeId: 'n1', redisUrl: viaProxy, scaleOut: fast }),
          await startSocketNode({ apiUrl: api.internalUrl, keyPrefix, nodeId: 'n2', scaleOut: fast }),
          await startSocketNode({ apiUrl: api.internalUrl, keyPrefix, nodeId: 'n3', scaleOut: fast }),
        ];
        nodes.push(silent, closing, survivor);
        const byUrl = new Map(nodes.map((node) => [node.publicUrl, node]));
        // Communities land on every node (each assignment weighs until the next report).
        const served = new Map<RunningSocketServer, CommunitySummary>();
        for (let i = 0; i < 12 && served.size < 3; i++) {
          const c = await community();
          const node = byUrl.get(await endpointUrl(api, user, c))!;
          if (!served.has(node)) served.set(node, c);
        }
        expect(served.size).toBe(3);

        await closing.close();
        const moved = await endpointUrl(api, user, served.get(closing)!);
        expect(moved).not.toBe(closing.publicUrl);

        await proxy.cut();
        const cutAt = Date.now();
        await expectEventually(async () => expect(await endpointUrl(api, user, served.get(silent)!)).toBe(survivor.publicUrl), 3 * TTL_MS);
        // The last report reached Redis at most one interval before the cut; it expires TTL later.
        expect(Date.now() - cutAt).toBeLessThan(TTL_MS + 250);
        expect(await endpointUrl(api, user, served.get(survivor)!)).toBe(survivor.publicUrl);
        // The silent node still serves its clients: routing only moves new connections.
        await clients.connect(silent.url, served.get(silent)!.namespace, { token: user.token });
      } finally {
        await proxy.cut();
      }
    });
  });
});
