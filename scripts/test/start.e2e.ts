import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MeResponse, ChatAck, CommunitySummary, HistoryPage, LoginResponse, Message, UnreadEntry } from '@app/shared';
import type { Socket } from 'socket.io-client';
import { expectEventually } from '../../test/support/expect-eventually';
import { freePort } from '../../test/support/free-port';
import { SOCKET_NODE_FLAGS } from '../../apps/socket/src/node-flags';
import { api, connect } from './launcher-client';

/**
 * The newcomer's path: `npm start` with no DATABASE_URL (embedded Postgres), two Socket.IO clients
 * chatting as the contract says, Ctrl-C, a restart that keeps the history. Runs the built launcher.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const LAUNCHER = path.join(ROOT, 'dist', 'scripts', 'start.js');

interface Launched {
  child: ChildProcess;
  output: () => string;
}

function launch(env: NodeJS.ProcessEnv): Promise<Launched> {
  const child = fork(LAUNCHER, [], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`launcher not ready in time:\n${output}`)), 90_000);
    const check = setInterval(() => {
      if (output.includes('ready')) {
        clearInterval(check);
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`launcher exited with ${code}:\n${output}`));
    });
  });
}

/** The command lines of a process's children (`ps` works on Linux and macOS alike). */
function childCommands(pid: number): string[] {
  return execFileSync('ps', ['-A', '-o', 'ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(.*)$/))
    .flatMap((m) => (m && Number(m[1]) === pid ? [m[2]] : []));
}

function stop(launched: Launched): Promise<number | null> {
  return new Promise((resolve) => {
    launched.child.once('exit', (code) => resolve(code));
    launched.child.kill('SIGINT');
  });
}

describe('npm start (embedded Postgres)', () => {
  jest.setTimeout(180_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-start-'));
  const sockets: Socket[] = [];
  let running: Launched | undefined;

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    if (running && running.child.exitCode === null) await stop(running);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves chat, history and unread counts, stops on Ctrl-C and keeps history across a restart', async () => {
    expect(fs.existsSync(LAUNCHER)).toBe(true);
    const [apiPort, socketPort, pgPort, internalPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      API_PORT: String(apiPort),
      INTERNAL_PORT: String(internalPort),
      SOCKET_PORT: String(socketPort),
      EMBEDDED_PG_PORT: String(pgPort),
      LOG_LEVEL: 'warn',
    };
    for (const name of [
      'DATABASE_URL',
      'AUTH_MODE',
      'JWT_SECRET',
      'INTERNAL_TOKEN',
      'REDIS_URL',
      'WEB_DIR',
      'API_URL',
      'SOCKET_PUBLIC_URL',
      'SOCKET_ENDPOINT_URL',
    ])
      delete env[name];
    const base = `http://127.0.0.1:${apiPort}`;

    running = await launch(env);
    expect(running.output()).toContain(`embedded Postgres on 127.0.0.1:${pgPort}`);
    const socketCommand = childCommands(running.child.pid!).find((c) => c.includes('apps/socket/src/main.js'));
    expect(socketCommand?.split(' ')).toEqual(expect.arrayContaining([...SOCKET_NODE_FLAGS]));

    const alice = await api<LoginResponse>(base, 'POST', '/auth/login', undefined, { username: 'alice' });
    const bob = await api<LoginResponse>(base, 'POST', '/auth/login', undefined, { username: 'bob' });
    const community = await api<CommunitySummary>(base, 'POST', '/communities', alice.token, { name: 'Launch' });
    await api(base, 'POST', `/communities/${community.id}/members`, alice.token, { userId: bob.user.id });
    // Both are in the community's default channel, #town-square, from the start.
    const bobsView = await api<MeResponse>(base, 'GET', '/me', bob.token);
    const channel = { id: bobsView.communities.find((c) => c.id === community.id)!.defaultChannelId! };

    const endpoint = await api<{ url: string; namespace: string }>(base, 'GET', `/communities/${community.id}/endpoint`, alice.token);
    expect(endpoint).toEqual({ url: `http://localhost:${socketPort}`, namespace: `/socket/commu-${community.id}` });
    // The API gets SOCKET_ENDPOINT_URL, the socket node SOCKET_PUBLIC_URL: no deprecation warning.
    expect(running.output()).not.toContain('deprecated');

    const aliceSocket = await connect(`${endpoint.url}${endpoint.namespace}`, alice.token, ['websocket']);
    const bobSocket = await connect(`${endpoint.url}${endpoint.namespace}`, bob.token, ['websocket']);
    sockets.push(aliceSocket, bobSocket);
    for (const s of [aliceSocket, bobSocket]) {
      const joined = await s.emitWithAck('join', { channels: [channel.id] });
      expect(joined).toEqual({ joined: [channel.id], rejected: [] });
    }
    const received: Message[] = [];
    bobSocket.on('new-chat', (m: Message) => received.push(m));

    const ack: ChatAck = await aliceSocket.emitWithAck('chat', {
      chatType: 'new',
      channelId: channel.id,
      content: ' hello bob ',
      clientMsgId: 'm-1',
    });
    expect(ack.written).toBe(true);
    if (!ack.written) return;
    expect(ack.chatInfo).toMatchObject({ seq: 1, content: 'hello bob', author: { id: alice.user.id, username: 'alice' } });
    await expectEventually(() => expect(received.map((m) => m.id)).toEqual([ack.chatInfo.id]));

    const unread = await api<UnreadEntry[]>(base, 'GET', '/me/unread', bob.token);
    expect(unread).toEqual([
      { communityId: community.id, channelId: channel.id, lastSeq: 1, lastReadSeq: 0, unread: 1, mentions: 0, kind: 'channel' },
    ]);

    for (const s of sockets.splice(0)) s.disconnect();
    expect(await stop(running)).toBe(0);
    expect(running.output()).toContain('embedded Postgres stopped');

    running = await launch(env);
    const history = await api<HistoryPage>(base, 'GET', `/channels/${channel.id}/messages`, bob.token);
    expect(history.messages.map((m) => [m.seq, m.content])).toEqual([[1, 'hello bob']]);
    // Secrets are kept with the data: a token from before the restart still works.
    const me = await api<{ user: { id: string } }>(base, 'GET', '/me', alice.token);
    expect(me.user.id).toBe(alice.user.id);
    expect(await stop(running)).toBe(0);
  });
});
