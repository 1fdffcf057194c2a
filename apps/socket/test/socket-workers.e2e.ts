import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type ChatAck, type EndpointResponse, type Message, nodeRegistryKeys } from '@app/shared';
import Redis from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import request from 'supertest';
import { expectEventually } from '../../../test/support/expect-eventually';
import { startTestApi, type TestApiServer } from '../../api/test/support';
import { channelWorld, type ChannelWorld } from './support/chat-stack';
import { deleteKeys, testRedisUrl, uniqueKeyPrefix } from './support/multi-node';
import { TEST_SECRETS } from './support/socket-test-config';
import { freePort } from '../../../test/support/free-port';

/**
 * SOCKET_WORKERS=2: one port, two worker processes behind a sticky primary, joined through Redis.
 * Runs the built node (`npm run build:server`), as `npm start` and docker-compose do.
 */
const MAIN = path.resolve(__dirname, '..', '..', '..', 'dist', 'apps', 'socket', 'src', 'main.js');

type AnySocket = Socket;

function connect(url: string, token: string, transports: ('polling' | 'websocket')[]): Promise<AnySocket> {
  const socket = io(url, { auth: { token }, forceNew: true, reconnection: false, transports, timeout: 5000 });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

interface ClusteredNode {
  child: ChildProcess;
  port: number;
  /** Each worker's last reported socket count, sorted. */
  workerSockets(): Promise<number[]>;
  /** Pids of the primary's live workers. */
  workerPids(): number[];
  /** SIGKILL if still running. */
  kill(): Promise<void>;
}

async function startClusteredNode(apiUrl: string, keyPrefix: string, redis: Redis): Promise<ClusteredNode> {
  expect(fs.existsSync(MAIN)).toBe(true);
  const keys = nodeRegistryKeys(keyPrefix);
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      SOCKET_HOST: '127.0.0.1',
      SOCKET_PORT: String(port),
      SOCKET_WORKERS: '2',
      SOCKET_NODE_ID: 'clustered',
      API_URL: apiUrl,
      JWT_SECRET: TEST_SECRETS.jwtSecret,
      INTERNAL_TOKEN: TEST_SECRETS.internalToken,
      REDIS_URL: testRedisUrl(),
      REDIS_KEY_PREFIX: keyPrefix,
      ROUTING_REPORT_INTERVAL_MS: '100',
      ROUTING_NODE_TTL_MS: '1000',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const node: ClusteredNode = {
    child,
    port,
    async workerSockets() {
      const ids = await redis.zrange(keys.instances, 0, -1);
      const counts = await Promise.all(ids.map((id) => redis.hget(keys.instance(id), 'sockets')));
      return counts.map(Number).sort();
    },
    workerPids() {
      try {
        return execFileSync('pgrep', ['-P', String(child.pid)]).toString().trim().split('\n').map(Number);
      } catch {
        return []; // pgrep exits 1 when there is none
      }
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
  await expectEventually(async () => {
    expect(child.exitCode).toBeNull();
    expect((await request(`http://127.0.0.1:${port}`).get('/health')).status).toBe(200);
    expect(await node.workerSockets()).toEqual([0, 0]);
  }, 30_000, 100).catch((err: Error) => {
    throw new Error(`${err.message}\n--- node output ---\n${output}`);
  });
  return node;
}

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
  const workerSockets = () => node.workerSockets();

  beforeAll(async () => {
    redis = new Redis(testRedisUrl());
    api = await startTestApi({ REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: keyPrefix });
    node = await startClusteredNode(api.url, keyPrefix, redis);
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
    expect(res.body as EndpointResponse).toEqual({ url: `http://localhost:${port}`, namespace: world.community.namespace });
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
    await expectEventually(async () => expect(await workerSockets()).toEqual([0, 1]));
    const second = await connect(url, world.members[0].token, ['polling']);
    sockets.push(second);
    // The second session went to the other worker: one socket each.
    await expectEventually(async () => expect(await workerSockets()).toEqual([1, 1]));
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
      const ack = (await from.timeout(5000).emitWithAck('chat', { chatType: 'new', channelId: channel.id, content: `ping ${i}`, clientMsgId: randomUUID() })) as ChatAck;
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

  it('stops on SIGTERM: workers leave routing at once and the node exits cleanly', async () => {
    const exited = new Promise<number | null>((resolve) => node.child.once('exit', (code) => resolve(code)));
    node.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await redis.zcard(keys.instances)).toBe(0);
    const res = await request(api.url).get(`/api/communities/${world.community.id}/endpoint`).set(world.owner.auth);
    expect(res.status).toBe(503);
  });
});

type Attempt = 'connected' | 'refused' | 'hung';

/**
 * One WebSocket-only connection attempt, closed again at once: 'connected'; 'refused' when the client
 * learns within a second that it did not get in (it then retries, as real clients do); 'hung' when it
 * waited longer, for an answer that never came or for its own connect timeout.
 */
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
    socket.once('connect_error', () => finish(Date.now() - started <= 1000 ? 'refused' : 'hung'));
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
    node = await startClusteredNode(api.url, keyPrefix, redis);
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
    await expectEventually(async () => {
      const pids = node.workerPids();
      expect(pids).toHaveLength(2);
      for (const pid of dead) expect(pids).not.toContain(pid);
      const instances = await redis.zrange(nodeRegistryKeys(keyPrefix).instances, 0, -1);
      for (const pid of pids) expect(instances.some((id) => id.includes(`.${pid}.`))).toBe(true);
    }, 20_000, 100);
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
});
