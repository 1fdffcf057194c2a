import { randomUUID } from 'node:crypto';
import { type ChatAck, type EndpointResponse, type Message, nodeRegistryKeys } from '@app/shared';
import Redis from 'ioredis';
import request from 'supertest';
import { expectEventually } from '../../../test/support/expect-eventually';
import { sampleValue } from '../../../test/support/prometheus-text';
import { startTestApi, type TestApiServer } from '../../api/test/support';
import { channelWorld, type ChannelWorld } from './support/chat-stack';
import { type AnySocket, type ClusteredNode, connect, startClusteredNode } from './support/clustered-node';
import { deleteKeys, testRedisUrl, uniqueKeyPrefix } from './support/multi-node';

/** SOCKET_WORKERS=2: one port, two worker processes behind a sticky primary, joined through Redis. */
describe('a socket node with SOCKET_WORKERS=2', () => {
  jest.setTimeout(60_000);
  let api: TestApiServer;
  let redis: Redis;
  let node: ClusteredNode;
  let port: number;
  let world: ChannelWorld;
  const keyPrefix = uniqueKeyPrefix();
  const keys = nodeRegistryKeys(keyPrefix);
  const sockets: AnySocket[] = [];

  beforeAll(async () => {
    redis = new Redis(testRedisUrl());
    api = await startTestApi({ REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: keyPrefix });
    node = await startClusteredNode(api.internalUrl, keyPrefix, redis);
    port = node.port;
    world = await channelWorld(api.url, { members: 3 });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await node.kill();
    await api.close();
    await deleteKeys(redis, keyPrefix);
    redis.disconnect();
  });

  it('is one node to routing, at its one URL', async () => {
    const res = await request(api.url).get(`/api/communities/${world.community.id}/endpoint`).set(world.owner.auth);
    expect(res.status).toBe(200);
    // One URL for the node; the query names the worker the community lives in (its primary routes on it).
    expect(res.body as EndpointResponse).toEqual({
      url: `http://localhost:${port}`,
      namespace: world.community.namespace,
      query: { node: 'clustered', worker: expect.stringMatching(/^[01]$/) },
      leaseMs: expect.any(Number),
    });
    const ids = await redis.zrange(keys.instances, 0, -1);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(await redis.hget(keys.instance(id), 'nodeId')).toBe('clustered');
  });

  it('keeps long-polling clients on their worker (sticky sessions) and carries chat between the workers', async () => {
    const url = `http://127.0.0.1:${port}${world.community.namespace}`;
    const { channel } = world;
    // Polling only: every packet is an HTTP request on a new connection, each one routed by its sid.
    const first = await connect(url, world.owner.token, ['polling']);
    sockets.push(first);
    await expectEventually(async () => expect(await node.workerSockets()).toEqual([0, 1]));
    const second = await connect(url, world.members[0].token, ['polling']);
    sockets.push(second);
    // The second session went to the other worker: one socket each.
    await expectEventually(async () => expect(await node.workerSockets()).toEqual([1, 1]));
    // The default client: polling first, then the upgrade to WebSocket, which must find the same worker.
    const upgraded = await connect(url, world.members[1].token, ['polling', 'websocket']);
    sockets.push(upgraded);
    await expectEventually(() => expect(upgraded.io.engine.transport.name).toBe('websocket'));

    for (const socket of [first, second, upgraded]) {
      expect(await socket.timeout(5000).emitWithAck('join', { channels: [channel.id] })).toEqual({ joined: [channel.id], rejected: [] });
    }
    const received = new Map<AnySocket, Message[]>([first, second, upgraded].map((s) => [s, []]));
    for (const [socket, list] of received) socket.on('new-chat', (m: Message) => list.push(m));

    const sent: Message[] = [];
    for (let i = 0; i < 10; i++) {
      const from = i % 2 === 0 ? first : second;
      const ack = (await from
        .timeout(5000)
        .emitWithAck('chat', { chatType: 'new', channelId: channel.id, content: `ping ${i}`, clientMsgId: randomUUID() })) as ChatAck;
      if (!ack.written) throw new Error(JSON.stringify(ack.error));
      sent.push(ack.chatInfo);
    }
    await expectEventually(() => {
      expect(received.get(first)!.map((m) => m.seq)).toEqual(sent.filter((_, i) => i % 2 === 1).map((m) => m.seq));
      expect(received.get(second)!.map((m) => m.seq)).toEqual(sent.filter((_, i) => i % 2 === 0).map((m) => m.seq));
      expect(received.get(upgraded)!.map((m) => m.seq)).toEqual(sent.map((m) => m.seq));
    });
    // No session was lost to a wrong worker ("Session ID unknown" would have disconnected it).
    for (const socket of received.keys()) expect(socket.connected).toBe(true);
  });

  it('answers GET /metrics for both workers: the chats and connections of each, added up', async () => {
    // Whichever worker takes the scrape, the figures are the node's: the previous test wrote five
    // chats through each worker and left three clients connected across the two.
    await expectEventually(async () => expect(await node.workerSockets()).toEqual([1, 2]));
    for (let i = 0; i < 3; i++) {
      const res = await request(`http://127.0.0.1:${port}`).get('/metrics').expect(200);
      expect(sampleValue(res.text, 'commu_chat_chats_total', { chat_type: 'new', result: 'written' })).toBe(10);
      expect(sampleValue(res.text, 'commu_chat_ack_latency_seconds_count')).toBe(10);
      expect(sampleValue(res.text, 'commu_chat_connections')).toBe(3);
      // One community namespace in each worker.
      expect(sampleValue(res.text, 'commu_chat_namespaces')).toBe(2);
    }
  });

  it('stops on SIGTERM: workers drain (server-draining to every socket, polling ones too), leave routing and the node exits cleanly', async () => {
    const live = sockets.filter((s) => s.connected);
    expect(live.length).toBeGreaterThanOrEqual(2);
    const told = live.map(
      (socket) =>
        new Promise<string>((resolve) => {
          let draining = 'no server-draining';
          socket.once('server-draining', (payload: { reconnectInMs: number }) => (draining = `reconnect in ${typeof payload.reconnectInMs}`));
          socket.once('disconnect', (reason) => resolve(`${draining}, ${reason}`));
        }),
    );
    const exited = new Promise<number | null>((resolve) => node.child.once('exit', (code) => resolve(code)));
    node.child.kill('SIGTERM');
    expect(await Promise.all(told)).toEqual(live.map(() => 'reconnect in number, io server disconnect'));
    expect(await exited).toBe(0);
    expect(await redis.zcard(keys.instances)).toBe(0);
    const res = await request(api.url).get(`/api/communities/${world.community.id}/endpoint`).set(world.owner.auth);
    expect(res.status).toBe(503);
  });
});
