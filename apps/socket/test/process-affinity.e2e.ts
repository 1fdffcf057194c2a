import { randomUUID } from 'node:crypto';
import type { ChatAck, EndpointResponse, Message } from '@app/shared';
import Redis from 'ioredis';
import request from 'supertest';
import { expectEventually } from '../../../test/support/expect-eventually';
import { sampleValue } from '../../../test/support/prometheus-text';
import { startTcpProxy, startTestApi, type TestApiServer } from '../../api/test/support';
import { channelWorld } from './support/chat-stack';
import { type AnySocket, type ClusteredNode, connect, startClusteredNode } from './support/clustered-node';
import { adapterChannelPrefix } from '../src/cluster/socket-adapter.factory';
import { deleteKeys, testRedisUrl, uniqueKeyPrefix } from './support/multi-node';

/**
 * Counts the broadcasts published on this run's adapter channels (`<prefix>:io#<namespace>#...`):
 * Redis's own PUBLISH counter would also count other suites running beside this one.
 */
async function countBroadcasts(keyPrefix: string): Promise<{ count: () => number; close: () => void }> {
  const listener = new Redis(testRedisUrl());
  let count = 0;
  listener.on('pmessageBuffer', () => count++);
  await listener.psubscribe(`${adapterChannelPrefix(keyPrefix)}#*`);
  return { count: () => count, close: () => listener.disconnect() };
}

/**
 * Process-level affinity on a clustered node (SOCKET_WORKERS=2): the endpoint names a worker, the
 * primary hands the connection to it, and a community served by one process broadcasts without
 * Redis; a second process joining the community makes its broadcasts go through Redis again.
 */
describe('a community lives in one worker process', () => {
  jest.setTimeout(60_000);
  let api: TestApiServer;
  let redis: Redis;
  let node: ClusteredNode;
  const keyPrefix = uniqueKeyPrefix();
  const sockets: AnySocket[] = [];
  let broadcasts: Awaited<ReturnType<typeof countBroadcasts>>;

  beforeAll(async () => {
    redis = new Redis(testRedisUrl());
    api = await startTestApi({ REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: keyPrefix });
    node = await startClusteredNode(api.internalUrl, keyPrefix, redis);
    broadcasts = await countBroadcasts(keyPrefix);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    broadcasts?.close();
    await node.kill();
    await api.close();
    await deleteKeys(redis, keyPrefix);
    redis.disconnect();
  });

  /** Broadcasts published so far; a published message reaches the listener within a round trip, so let any in flight arrive. */
  async function published(): Promise<number> {
    await redis.ping();
    return broadcasts.count();
  }

  async function sharedNamespaces(): Promise<number | undefined> {
    const res = await request(`http://127.0.0.1:${node.port}`).get('/metrics').expect(200);
    return sampleValue(res.text, 'commu_chat_shared_namespaces');
  }

  async function chat(from: AnySocket, channelId: string, content: string): Promise<Message> {
    const ack = (await from.timeout(5000).emitWithAck('chat', { chatType: 'new', channelId, content, clientMsgId: randomUUID() })) as ChatAck;
    if (!ack.written) throw new Error(JSON.stringify(ack.error));
    return ack.chatInfo;
  }

  it('puts every member on the named worker, broadcasts in memory, and publishes once another worker joins the community', async () => {
    const world = await channelWorld(api.url, { members: 2 });
    const users = [world.owner, ...world.members];
    const endpoint = (await request(api.url).get(`/api/communities/${world.community.id}/endpoint`).set(world.owner.auth).expect(200))
      .body as EndpointResponse;
    const worker = endpoint.query?.worker;
    expect(worker).toMatch(/^[01]$/);
    const other = worker === '0' ? '1' : '0';

    // The default client (polling, then the upgrade), with the endpoint's query: all on one worker.
    const url = `http://127.0.0.1:${node.port}${world.community.namespace}`;
    const members: AnySocket[] = [];
    for (const user of users) members.push(await connect(url, user.token, ['polling', 'websocket'], { ...endpoint.query! }));
    sockets.push(...members);
    await expectEventually(async () => expect(await node.socketsByWorker()).toEqual({ [worker!]: 3, [other]: 0 }));
    for (const socket of members) await socket.timeout(5000).emitWithAck('join', { channels: [world.channel.id] });
    const received = members.map(() => [] as number[]);
    members.forEach((socket, i) => socket.on('new-chat', (m: Message) => received[i]!.push(m.seq)));

    const before = await published();
    const local: Message[] = [];
    for (let i = 0; i < 10; i++) local.push(await chat(members[i % 3]!, world.channel.id, `local ${i}`));
    await expectEventually(() => members.forEach((_, i) => expect(received[i]).toEqual(local.filter((_, j) => j % 3 !== i).map((m) => m.seq))));
    expect(await published()).toBe(before);

    // Someone lands on the other worker (a client that ignored the query, or a community on the move):
    // from its admission on, both workers publish, and it hears what the first worker's members say.
    const stray = await connect(url, world.members[0]!.token, ['websocket'], { node: endpoint.query!.node, worker: other });
    sockets.push(stray);
    await expectEventually(async () => expect(await node.socketsByWorker()).toEqual({ [worker!]: 3, [other]: 1 }));
    await stray.timeout(5000).emitWithAck('join', { channels: [world.channel.id] });
    const strayReceived: number[] = [];
    stray.on('new-chat', (m: Message) => strayReceived.push(m.seq));
    const shared = [await chat(members[0]!, world.channel.id, 'shared 1'), await chat(stray, world.channel.id, 'shared 2')];
    await expectEventually(() => {
      expect(strayReceived).toEqual([shared[0]!.seq]);
      expect(received[0]!.slice(-1)).toEqual([shared[1]!.seq]);
    });
    await expectEventually(async () => expect(await published()).toBeGreaterThanOrEqual(before + 2));
    // Both workers count the community as shared (the node's /metrics adds the workers up).
    expect(await sharedNamespaces()).toBe(2);

    // The stray leaves: its worker's namespace empties and says so; the first worker goes back to memory.
    stray.disconnect();
    await expectEventually(async () => expect(await node.socketsByWorker()).toEqual({ [worker!]: 3, [other]: 0 }));
    await expectEventually(async () => {
      const mark = await published();
      await chat(members[1]!, world.channel.id, 'local again');
      expect(await published()).toBe(mark);
    });
    expect(await sharedNamespaces()).toBe(0);
  });
  it('drops a peer process that died without saying so (kill -9): the survivor is back to memory within about the routing TTL', async () => {
    const world = await channelWorld(api.url, { members: 1 });
    const endpoint = (await request(api.url).get(`/api/communities/${world.community.id}/endpoint`).set(world.owner.auth).expect(200))
      .body as EndpointResponse;
    const worker = endpoint.query!.worker!;
    const other = worker === '0' ? '1' : '0';
    const url = `http://127.0.0.1:${node.port}${world.community.namespace}`;
    const member = await connect(url, world.owner.token, ['websocket'], { ...endpoint.query! });
    const stray = await connect(url, world.members[0]!.token, ['websocket'], { node: endpoint.query!.node, worker: other });
    sockets.push(member, stray);
    for (const socket of [member, stray]) await socket.timeout(5000).emitWithAck('join', { channels: [world.channel.id] });
    const heard: number[] = [];
    stray.on('new-chat', (m: Message) => heard.push(m.seq));
    const mark = await published();
    const shared = await chat(member, world.channel.id, 'shared');
    await expectEventually(() => expect(heard).toEqual([shared.seq]));
    expect(await published()).toBeGreaterThan(mark);

    // The stray's worker dies without a word (the primary forks a replacement, which holds no namespace).
    process.kill(await node.workerPid(other), 'SIGKILL');
    await expectEventually(
      async () => {
        const before = await published();
        await chat(member, world.channel.id, 'alone again');
        expect(await published()).toBe(before);
      },
      10_000,
      200,
    );
  });

  it('keeps a community chatting through a Redis outage when its members follow the endpoint query', async () => {
    const direct = new URL(testRedisUrl());
    const proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 6379) });
    // A key prefix of its own: this node is reached directly, not through routing.
    const outagePrefix = uniqueKeyPrefix();
    const outageNode = await startClusteredNode(api.internalUrl, outagePrefix, redis, {
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      SOCKET_NODE_ID: 'outage',
    });
    const local: AnySocket[] = [];
    try {
      const world = await channelWorld(api.url, { members: 2 });
      const users = [world.owner, ...world.members];
      // All three on worker 1, by the query the endpoint route would hand out.
      const url = `http://127.0.0.1:${outageNode.port}${world.community.namespace}`;
      for (const user of users) local.push(await connect(url, user.token, ['websocket'], { node: 'outage', worker: '1' }));
      for (const socket of local) await socket.timeout(5000).emitWithAck('join', { channels: [world.channel.id] });
      const received = local.map(() => [] as number[]);
      local.forEach((socket, i) => socket.on('new-chat', (m: Message) => received[i]!.push(m.seq)));

      await proxy.cut();
      const during: Message[] = [];
      for (let i = 0; i < 5; i++) during.push(await chat(local[i % 3]!, world.channel.id, `during the outage ${i}`));
      // Every member hears every message of the others: the community lives in one worker.
      await expectEventually(() => local.forEach((_, i) => expect(received[i]).toEqual(during.filter((_, j) => j % 3 !== i).map((m) => m.seq))));
    } finally {
      local.forEach((socket) => socket.disconnect());
      await proxy.restore();
      await outageNode.kill();
      await proxy.close();
      await deleteKeys(redis, outagePrefix);
    }
  });
});
