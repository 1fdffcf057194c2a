import { nodeRegistryKeys } from '@app/shared';
import Redis from 'ioredis';
import { io } from 'socket.io-client';
import { expectEventually } from '../../../test/support/expect-eventually';
import { startTestApi, type TestApiServer } from '../../api/test/support';
import { channelWorld, type ChannelWorld } from './support/chat-stack';
import { type AnySocket, type ClusteredNode, connect, startClusteredNode } from './support/clustered-node';
import { deleteKeys, testRedisUrl, uniqueKeyPrefix } from './support/multi-node';

/**
 * SOCKET_WORKERS=2 while workers die: the primary replaces them, and no client connecting meanwhile
 * may hang (see apps/socket/src/cluster/sticky-handoff.ts).
 */
type Attempt = 'connected' | 'refused' | 'hung';

/**
 * One WebSocket-only connection attempt, closed again at once: 'connected'; 'refused' when the client
 * learns promptly that it did not get in (it then retries, as real clients do); 'hung' when it waited
 * for an answer that never came, until its own 5 s connect timeout or the 6 s guard. "Promptly" is
 * 2.5 s, far above the few milliseconds a refusal takes, so a busy CI machine does not turn one into
 * a hang, and far below the 5 s of a real one.
 */
const PROMPT_MS = 2500;

function attempt(url: string, token: string): Promise<Attempt> {
  const started = Date.now();
  const socket = io(url, { auth: { token }, forceNew: true, reconnection: false, transports: ['websocket'], timeout: 5000 });
  return new Promise((resolve) => {
    const finish = (outcome: Attempt) => {
      clearTimeout(guard);
      socket.disconnect();
      resolve(outcome);
    };
    // socket.io-client's own timeout does not cover a namespace CONNECT that is never answered.
    const guard = setTimeout(() => finish('hung'), 6000);
    socket.once('connect', () => finish('connected'));
    socket.once('connect_error', () => finish(Date.now() - started <= PROMPT_MS ? 'refused' : 'hung'));
  });
}

const tally = (outcomes: Attempt[]) => ({
  connected: outcomes.filter((o) => o === 'connected').length,
  refused: outcomes.filter((o) => o === 'refused').length,
  hung: outcomes.filter((o) => o === 'hung').length,
});

describe('a socket node with SOCKET_WORKERS=2 whose workers die', () => {
  jest.setTimeout(90_000);
  let api: TestApiServer;
  let redis: Redis;
  let node: ClusteredNode;
  let world: ChannelWorld;
  let url: string;
  const keyPrefix = uniqueKeyPrefix();

  beforeAll(async () => {
    redis = new Redis(testRedisUrl());
    api = await startTestApi({ REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: keyPrefix });
    node = await startClusteredNode(api.internalUrl, keyPrefix, redis);
    world = await channelWorld(api.url, { members: 1 });
    url = `http://127.0.0.1:${node.port}${world.community.namespace}`;
  });

  afterAll(async () => {
    await node.kill();
    await api.close();
    await deleteKeys(redis, keyPrefix);
    redis.disconnect();
  });

  /** Attempts every 50 ms for `ms`, all settled. */
  async function attemptsFor(ms: number): Promise<Attempt[]> {
    const outcomes: Promise<Attempt>[] = [];
    const started = Date.now();
    while (Date.now() - started < ms) {
      outcomes.push(attempt(url, world.owner.token));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return Promise.all(outcomes);
  }

  /** Until the primary runs two workers again, none of them in `dead`, both reporting to routing. */
  async function replaced(dead: number[]): Promise<void> {
    await expectEventually(
      async () => {
        const pids = node.workerPids();
        expect(pids).toHaveLength(2);
        for (const pid of dead) expect(pids).not.toContain(pid);
        const instances = await redis.zrange(nodeRegistryKeys(keyPrefix).instances, 0, -1);
        for (const pid of pids) expect(instances.some((id) => id.includes(`.${pid}.`))).toBe(true);
      },
      20_000,
      100,
    );
  }

  /**
   * Ten sockets held open, one after the other: all connect, and both workers hold some (the
   * replacement takes its part). One at a time, because the primary's least-connection choice only
   * learns of a connection once the worker has it.
   */
  async function bothWorkersTakeConnections(): Promise<void> {
    const held: AnySocket[] = [];
    try {
      for (let i = 0; i < 10; i++) held.push(await connect(url, world.owner.token, ['websocket']));
      await expectEventually(async () => {
        const counts = await node.workerSockets();
        expect(counts.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
      });
    } finally {
      for (const socket of held) socket.disconnect();
    }
  }

  it('replaces a worker that dies; meanwhile no connection hangs, each connects or is refused at once', async () => {
    const [victim, survivor] = node.workerPids();
    process.kill(victim, 'SIGKILL');
    // The death, the primary's 1 s pause, the replacement's boot and its first connections.
    const during = attemptsFor(4000);
    await replaced([victim]);
    const after = await attemptsFor(1000);
    const outcomes = [...(await during), ...after];
    expect(tally(outcomes).hung).toBe(0);
    // The survivor took the connections meanwhile: refusals are the few handed to the dying worker.
    expect(tally(outcomes).connected).toBeGreaterThan(outcomes.length * 0.8);
    expect(tally(after)).toEqual({ connected: after.length, refused: 0, hung: 0 });
    expect(node.workerPids()).toContain(survivor);
    await bothWorkersTakeConnections();
  });

  it('refuses connections at once while no worker is ready, then takes them again', async () => {
    const dead = node.workerPids();
    for (const pid of dead) process.kill(pid, 'SIGKILL');
    const during = attemptsFor(2500);
    await replaced(dead);
    const outcomes = await during;
    expect(tally(outcomes).hung).toBe(0);
    // Nothing could connect for a second at least (the primary waits 1 s before it forks again).
    expect(tally(outcomes).refused).toBeGreaterThan(5);
    const after = await attemptsFor(1000);
    expect(tally(after)).toEqual({ connected: after.length, refused: 0, hung: 0 });
    await bothWorkersTakeConnections();
  });
  it('drains its workers when the primary dies: they leave routing at once (not after the TTL) and exit', async () => {
    const ownPrefix = uniqueKeyPrefix();
    const ownApi = await startTestApi({ REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: ownPrefix });
    // A TTL far longer than the test waits: entries that vanish were removed, not expired.
    const orphaned = await startClusteredNode(ownApi.internalUrl, ownPrefix, redis, { ROUTING_NODE_TTL_MS: '60000' });
    try {
      const keys = nodeRegistryKeys(ownPrefix);
      await expectEventually(async () => expect(await redis.zcard(keys.instances)).toBe(2), 10_000);
      const workers = orphaned.workerPids();
      expect(workers).toHaveLength(2);
      orphaned.child.kill('SIGKILL');
      await expectEventually(async () => expect(await redis.zrange(keys.instances, 0, -1)).toEqual([]), 10_000, 100);
      const alive = (pid: number) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      await expectEventually(() => expect(workers.filter(alive)).toEqual([]), 10_000, 100);
    } finally {
      await orphaned.kill();
      await ownApi.close();
      await deleteKeys(redis, ownPrefix);
    }
  });
});
