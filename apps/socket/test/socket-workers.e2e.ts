import { type ChildProcess, spawn } from 'node:child_process';
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

describe('a socket node with SOCKET_WORKERS=2', () => {
  jest.setTimeout(60_000);
  let api: TestApiServer;
  let redis: Redis;
  let child: ChildProcess;
  let output = '';
  let port: number;
  let world: ChannelWorld;
  const keyPrefix = uniqueKeyPrefix();
  const keys = nodeRegistryKeys(keyPrefix);
  const sockets: AnySocket[] = [];

  /** Each worker's last reported socket count, by instance id. */
  async function workerSockets(): Promise<number[]> {
    const ids = await redis.zrange(keys.instances, 0, -1);
    const counts = await Promise.all(ids.map((id) => redis.hget(keys.instance(id), 'sockets')));
    return counts.map(Number).sort();
  }

  beforeAll(async () => {
    expect(fs.existsSync(MAIN)).toBe(true);
    redis = new Redis(testRedisUrl());
    api = await startTestApi({ REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: keyPrefix });
    port = await freePort();
    child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        SOCKET_HOST: '127.0.0.1',
        SOCKET_PORT: String(port),
        SOCKET_WORKERS: '2',
        SOCKET_NODE_ID: 'clustered',
        API_URL: api.url,
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
    await expectEventually(async () => {
      expect(child.exitCode).toBeNull();
      expect((await request(`http://127.0.0.1:${port}`).get('/health')).status).toBe(200);
      expect(await workerSockets()).toEqual([0, 0]);
    }, 30_000, 100).catch((err: Error) => {
      throw new Error(`${err.message}\n--- node output ---\n${output}`);
    });
    world = await channelWorld(api.url, { members: 3 });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
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
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await redis.zcard(keys.instances)).toBe(0);
    const res = await request(api.url).get(`/api/communities/${world.community.id}/endpoint`).set(world.owner.auth);
    expect(res.status).toBe(503);
  });
});
