import { randomUUID } from 'node:crypto';
import type { ChatAck, Message } from '@app/shared';
import Redis from 'ioredis';
import request from 'supertest';
import { expectEventually } from '../../../test/support/expect-eventually';
import { realProcess } from '../../../test/support/real-process';
import { startTcpProxy, startTestApi, type TcpProxy, type TestApiServer } from '../../api/test/support';
import type { RunningSocketServer } from '../src/bootstrap';
import { channelWorld } from './support/chat-stack';
import { deleteKeys, startSocketNode, subscriptionsOf, testRedisUrl, uniqueKeyPrefix } from './support/multi-node';
import { SeqFollower } from './support/seq-follower';
import { ack, ReceivedEvents, TestClients } from './support/socket-clients';

function written(result: ChatAck): Message {
  if (!result.written) throw new Error(`not written: ${JSON.stringify(result.error)}`);
  return result.chatInfo;
}

/**
 * Redis goes away under traffic (a TCP proxy between the socket nodes and Redis is cut) and comes
 * back. Writes go to the API and Postgres, so chat goes on within each node; what crossed nodes
 * through Redis is missed and recovered from history through the seq gap.
 */
describe.each(['classic', 'sharded'] as const)('a Redis outage under traffic (%s adapter)', (adapter) => {
  jest.setTimeout(60_000);
  let api: TestApiServer;
  let proxy: TcpProxy;
  let redis: Redis;
  const nodes: RunningSocketServer[] = [];
  const clients = new TestClients();
  const keyPrefix = uniqueKeyPrefix();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    realProcess().on('unhandledRejection', onUnhandled);
    const direct = new URL(testRedisUrl());
    redis = new Redis(testRedisUrl());
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 6379) });
    api = await startTestApi();
    for (const nodeId of ['a', 'b', 'c']) {
      nodes.push(await startSocketNode({ apiUrl: api.internalUrl, keyPrefix, adapter, nodeId, redisUrl: `redis://127.0.0.1:${proxy.port}` }));
    }
  });

  afterAll(async () => {
    realProcess().off('unhandledRejection', onUnhandled);
    clients.closeAll();
    await Promise.all(nodes.map((node) => node.close()));
    await proxy.close();
    await api.close();
    await deleteKeys(redis, keyPrefix);
    redis.disconnect();
  });

  it('keeps acking and delivering within each node, resubscribes when Redis is back, and the gap is backfilled from history', async () => {
    const [a, b, c] = nodes;
    const { community, channel, owner, members } = await channelWorld(api.url, { members: 4 });
    const connect = async (node: RunningSocketServer, user: (typeof members)[number]) => {
      const socket = await clients.connect(node.url, community.namespace, { token: user.token });
      expect(await ack(socket, 'join', { channels: [channel.id] })).toEqual({ joined: [channel.id], rejected: [] });
      return socket;
    };
    const senderA = await connect(a, owner);
    const localA = new ReceivedEvents(await connect(a, members[0]));
    const senderB = await connect(b, members[1]);
    const followerB = new SeqFollower(await connect(b, members[2]), api.url, members[2], channel.id);
    const followerC = new SeqFollower(await connect(c, members[3]), api.url, members[3], channel.id);
    const say = async (socket: typeof senderA, content: string) =>
      written(await ack(socket, 'chat', { chatType: 'new', channelId: channel.id, content, clientMsgId: randomUUID() }));

    const acked: Message[] = [await say(senderA, 'before the outage')];
    await expectEventually(() => {
      expect(followerB.seqs()).toEqual([1]);
      expect(followerC.seqs()).toEqual([1]);
    });
    const before = await Promise.all(['a', 'b', 'c'].map((id) => subscriptionsOf(redis, keyPrefix, id)));

    await proxy.cut();
    // Acks on both sides of the cut: writes go to the API and Postgres, not through Redis.
    for (const content of ['outage 1', 'outage 2', 'outage 3']) acked.push(await say(senderA, content));
    acked.push(await say(senderB, 'outage from B'));
    expect(acked.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    // Within a node, broadcasts still reach the room.
    await expectEventually(() => expect(localA.of('new-chat')).toEqual(acked.slice(0, 4)));
    // B's own message reveals the gap to B's follower, which backfills from the API while Redis is still away.
    await expectEventually(() => expect(followerB.seqs()).toEqual([1, 2, 3, 4, 5]));
    expect(followerB.gaps).toEqual([{ after: 1, seen: 5 }]);
    // Nothing crossed nodes: C heard none of it.
    expect(followerC.pushed.map((m) => m.seq)).toEqual([1]);
    for (const node of nodes) expect((await request(node.url).get('/health')).status).toBe(200);

    await proxy.restore();
    // Redis itself shows each node's subscriber connection subscribed as before the cut.
    await expectEventually(async () => {
      expect(await Promise.all(['a', 'b', 'c'].map((id) => subscriptionsOf(redis, keyPrefix, id)))).toEqual(before);
    }, 15_000);
    acked.push(await say(senderA, 'after the outage'));
    // Across nodes again: C gets seq 6, sees that 2-5 are missing, and fetches them.
    await expectEventually(() => {
      expect(followerC.seqs()).toEqual([1, 2, 3, 4, 5, 6]);
      expect(followerB.seqs()).toEqual([1, 2, 3, 4, 5, 6]);
    });
    expect(followerC.gaps).toEqual([{ after: 1, seen: 6 }]);
    for (const follower of [followerB, followerC]) {
      expect(follower.messages().map((m) => m.id)).toEqual(acked.map((m) => m.id));
      expect(follower.errors).toEqual([]);
    }
    expect(unhandled).toEqual([]);
  });
});
