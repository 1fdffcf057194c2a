import { randomUUID } from 'node:crypto';
import { type ChatAck, USER_NAMESPACE } from '@app/shared';
import { Manager } from 'socket.io-client';
import { createCommunity, querySql } from '../../api/test/support';
import { expectEventually } from '../../../test/support/expect-eventually';
import { channelWorld, useChatStack } from './support/chat-stack';
import { type MultiNodeStack, startMultiNodeStack } from './support/multi-node';
import { ack, type TestClient } from './support/socket-clients';

const newChat = (channelId: string) => ({ chatType: 'new', channelId, content: 'hi', clientMsgId: randomUUID() });
const refusedAsLimited = (results: { written?: boolean; error?: { code: string } }[]) =>
  results.filter((r) => r.error?.code === 'rate_limited').length;

/** Budgets belong to the user, not to a socket: more sockets, or a new one, buy nothing. */
describe('per-user limits on one node', () => {
  const stack = useChatStack({ chatRate: { perSecond: 1, burst: 3 }, eventRate: { perSecond: 1, burst: 3 }, maxSocketsPerUser: 3 });

  async function userInChannel() {
    const world = await channelWorld(stack.api.url, { members: 0 });
    const connect = async () => {
      const socket = await stack.connect(world.owner, world.community);
      return socket;
    };
    return { ...world, connect };
  }

  it('shares one write budget across the sockets of a user, and a reconnect does not refill it', async () => {
    const { channel, connect } = await userInChannel();
    const sockets: TestClient[] = [await connect(), await connect(), await connect()];
    const results: ChatAck[] = await Promise.all(
      sockets.flatMap((s) => [ack(s, 'chat', newChat(channel.id)), ack(s, 'chat', newChat(channel.id))]),
    );
    expect(results.filter((r) => r.written)).toHaveLength(3);
    expect(refusedAsLimited(results)).toBe(3);
    sockets[0].disconnect();
    const fresh = await connect();
    expect(await ack(fresh, 'chat', newChat(channel.id))).toEqual({
      written: false,
      error: { code: 'rate_limited', message: expect.any(String) },
    });
    expect(await querySql('SELECT 1 FROM messages WHERE channel_id = $1', [channel.id])).toHaveLength(3);
  });

  it('limits read, join and leave per user too', async () => {
    const { channel, connect } = await userInChannel();
    const [a, b] = [await connect(), await connect()];
    const results = await Promise.all([
      ack(a, 'read', { channelId: channel.id, seq: 0 }),
      ack(b, 'read', { channelId: channel.id, seq: 0 }),
      ack(a, 'join', { channels: [channel.id] }),
      ack(b, 'leave', { channels: [channel.id] }),
      ack(a, 'read', { channelId: channel.id, seq: 0 }),
    ]);
    expect(refusedAsLimited(results as { error?: { code: string } }[])).toBe(2);
  });

  it('caps the connections of a user, counting a connection once however many communities it carries', async () => {
    const { community, owner, connect } = await userInChannel();
    const second = await createCommunity(stack.api.url, owner);
    const first = await connect();
    // Two communities on one connection (as the client library multiplexes them) are one connection.
    const manager = new Manager(stack.socket.url, { forceNew: true, reconnection: false, transports: ['websocket'] });
    const multiplexed = [community.namespace, second.namespace].map((namespace) => manager.socket(namespace, { auth: { token: owner.token } }));
    const outcomes = await Promise.all(
      multiplexed.map(
        (socket) =>
          new Promise<string>((resolve) => {
            socket.once('connect', () => resolve('connected'));
            socket.once('connect_error', (err) => resolve(err.message));
          }),
      ),
    );
    try {
      expect(outcomes).toEqual(['connected', 'connected']);
      await connect();
      const refusal = await stack.clients.refusal(stack.socket.url, community.namespace, { token: owner.token });
      expect(refusal).toEqual({ message: 'rate_limited', data: { code: 'rate_limited', message: 'at most 3 open connections per user' } });
      // Closing one frees a place.
      first.disconnect();
      await expectEventually(async () => expect((await connect()).connected).toBe(true));
    } finally {
      for (const socket of multiplexed) socket.disconnect();
    }
  });

  it(`counts the user's own namespace (${USER_NAMESPACE}) under the same cap, once per connection`, async () => {
    const { community, owner, connect } = await userInChannel();
    // A community and the user's own namespace on one connection, as the client library opens them: one.
    const manager = new Manager(stack.socket.url, { forceNew: true, reconnection: false, transports: ['websocket'] });
    const multiplexed = [community.namespace, USER_NAMESPACE].map((namespace) => manager.socket(namespace, { auth: { token: owner.token } }));
    await Promise.all(multiplexed.map((socket) => new Promise<void>((resolve) => socket.once('connect', () => resolve()))));
    const own = await stack.clients.connect(stack.socket.url, USER_NAMESPACE, { token: owner.token });
    await connect();
    try {
      // Three connections: neither namespace opens a fourth.
      const limited = { message: 'rate_limited', data: { code: 'rate_limited', message: 'at most 3 open connections per user' } };
      expect(await stack.clients.refusal(stack.socket.url, USER_NAMESPACE, { token: owner.token })).toEqual(limited);
      expect(await stack.clients.refusal(stack.socket.url, community.namespace, { token: owner.token })).toEqual(limited);
      // Closing the user-namespace-only connection frees a place.
      own.disconnect();
      await expectEventually(async () => expect((await connect()).connected).toBe(true));
    } finally {
      for (const socket of multiplexed) socket.disconnect();
    }
  });
});

describe('per-user limits across nodes (Redis)', () => {
  let stack: MultiNodeStack;
  beforeAll(async () => {
    stack = await startMultiNodeStack({ nodes: 2, overrides: { chatRate: { perSecond: 1, burst: 4 } } });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('shares the write budget of a user between the nodes', async () => {
    const { community, channel, owner } = await channelWorld(stack.api.url, { members: 0 });
    const [a, b] = [await stack.connect(stack.nodes[0], owner, community), await stack.connect(stack.nodes[1], owner, community)];
    const results: ChatAck[] = await Promise.all([a, b, a, b, a, b, a, b].map((s) => ack(s, 'chat', newChat(channel.id))));
    expect(results.filter((r) => r.written)).toHaveLength(4);
    expect(refusedAsLimited(results)).toBe(4);
  });
});
