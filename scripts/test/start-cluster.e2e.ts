import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { MeResponse, ChatAck, CommunitySummary, EndpointResponse, LoginResponse, Message } from '@app/shared';
import Redis from 'ioredis';
import type { Socket } from 'socket.io-client';
import { expectEventually } from '../../test/support/expect-eventually';
import { freePort } from '../../test/support/free-port';
import { api, connect } from './launcher-client';

/**
 * `npm run start:cluster` as a newcomer runs it: the API and two socket nodes of two workers each,
 * against the run's Postgres and Redis; two users on different nodes chat. Runs the built launcher.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const LAUNCHER = path.join(ROOT, 'dist', 'scripts', 'start-cluster.js');

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Two consecutive free ports, for the two socket nodes. */
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port < 65535 && (await portIsFree(port + 1))) return port;
  }
}

describe('npm run start:cluster', () => {
  jest.setTimeout(120_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-cluster-'));
  const keyPrefix = `t-${randomBytes(5).toString('hex')}`;
  const sockets: Socket[] = [];
  let child: ChildProcess | undefined;
  let output = '';

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child!.once('exit', resolve));
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
    const redis = new Redis(process.env.TEST_REDIS_URL!);
    const keys = await redis.keys(`${keyPrefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('serves chat across two socket nodes of two workers each, and stops on Ctrl-C', async () => {
    expect(fs.existsSync(LAUNCHER)).toBe(true);
    const [apiPort, socketPort, internalPort] = [await freePort(), await freePortPair(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      DATABASE_URL: process.env.TEST_DATABASE_URL,
      REDIS_URL: process.env.TEST_REDIS_URL,
      REDIS_KEY_PREFIX: keyPrefix,
      API_PORT: String(apiPort),
      INTERNAL_PORT: String(internalPort),
      SOCKET_PORT: String(socketPort),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    };
    child = fork(LAUNCHER, [], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await expectEventually(
      () => {
        if (child!.exitCode !== null) throw new Error(`launcher exited:\n${output}`);
        expect(output).toContain('ready');
      },
      90_000,
      200,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n--- launcher output ---\n${output}`);
    });
    const nodeUrls = [`http://localhost:${socketPort}`, `http://localhost:${socketPort + 1}`];
    expect(output).toContain(`socket-1  ${nodeUrls[0]}  (2 workers)`);

    const base = `http://127.0.0.1:${apiPort}`;
    const alice = await api<LoginResponse>(base, 'POST', '/auth/login', undefined, { username: `alice_${randomBytes(3).toString('hex')}` });
    const bob = await api<LoginResponse>(base, 'POST', '/auth/login', undefined, { username: `bob_${randomBytes(3).toString('hex')}` });
    const community = await api<CommunitySummary>(base, 'POST', '/communities', alice.token, { name: 'Cluster' });
    await api(base, 'POST', `/communities/${community.id}/members`, alice.token, { userId: bob.user.id });
    // Both are in the community's default channel, #town-square, from the start.
    const me = await api<MeResponse>(base, 'GET', '/me', bob.token);
    const channel = { id: me.communities.find((c) => c.id === community.id)!.defaultChannelId! };

    const endpoint = await api<EndpointResponse>(base, 'GET', `/communities/${community.id}/endpoint`, alice.token);
    expect(nodeUrls).toContain(endpoint.url);
    // Alice where routing says, Bob on the other node: Redis carries the chat between them.
    const other = nodeUrls.find((url) => url !== endpoint.url)!;
    const aliceSocket = await connect(`${endpoint.url}${endpoint.namespace}`, alice.token);
    const bobSocket = await connect(`${other}${community.namespace}`, bob.token);
    sockets.push(aliceSocket, bobSocket);
    for (const s of sockets)
      expect(await s.timeout(5000).emitWithAck('join', { channels: [channel.id] })).toEqual({ joined: [channel.id], rejected: [] });
    const received: Message[] = [];
    bobSocket.on('new-chat', (m: Message) => received.push(m));
    const ack = (await aliceSocket.timeout(5000).emitWithAck('chat', {
      chatType: 'new',
      channelId: channel.id,
      content: 'hello from the other node',
      clientMsgId: randomUUID(),
    })) as ChatAck;
    expect(ack.written).toBe(true);
    if (!ack.written) return;
    await expectEventually(() => expect(received.map((m) => m.id)).toEqual([ack.chatInfo.id]));

    for (const s of sockets.splice(0)) s.disconnect();
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
