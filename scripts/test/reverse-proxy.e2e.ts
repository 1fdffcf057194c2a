import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ChatAck, EndpointResponse, Message } from '@app/shared';
import Redis from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import request from 'supertest';
import { expectEventually } from '../../test/support/expect-eventually';
import { freePort } from '../../test/support/free-port';
import { addCommunityMember, createChannel, createCommunity, loginAs, startTestApi, type TestApiServer } from '../../apps/api/test/support';
import type { RunningSocketServer } from '../../apps/socket/src/bootstrap';
import { deleteKeys, startSocketNode, testRedisUrl, uniqueKeyPrefix } from '../../apps/socket/test/support/multi-node';
import { startTinyDns, type TinyDns } from './support/tiny-dns';

/**
 * deploy/proxy/nginx.conf, the reverse proxy of docker-compose.yml, run for real with the machine's
 * nginx (`.ci/run` installs Debian's): the shipped file with only the compose-network names swapped
 * for this machine's (the service names for loopback addresses, Docker's DNS for a tiny one that
 * resolves two container-like ids to 127.0.0.2 and 127.0.0.3, where two socket nodes listen). The
 * endpoint route answers the proxy's one origin and `query.node`; a client connecting with it must
 * reach that node, over TLS, WebSocket and long-polling alike. Without nginx on the machine (a
 * developer's laptop) only the config's static checks run.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const CONF = fs.readFileSync(path.join(ROOT, 'deploy', 'proxy', 'nginx.conf'), 'utf8');
const NODE_IDS = ['a1b2c3d4e5f6', '0123456789ab'];
const ADDRESSES = ['127.0.0.2', '127.0.0.3'];

const nginxAvailable = spawnSync('nginx', ['-v'], { stdio: 'ignore' }).status === 0;

/** A port free on both node addresses (the config names one socket port for every node). */
async function portFreeOnBoth(): Promise<number> {
  for (;;) {
    const port = await freePort();
    const free = await Promise.all(
      ADDRESSES.map(
        (host) =>
          new Promise<boolean>((resolve) => {
            const probe = net.createServer();
            probe.once('error', () => resolve(false));
            probe.listen(port, host, () => probe.close(() => resolve(true)));
          }),
      ),
    );
    if (free.every(Boolean)) return port;
  }
}

describe('the reverse proxy (deploy/proxy/nginx.conf)', () => {
  it('routes sockets by a container id only: never to a host a client names', () => {
    expect(CONF).toMatch(/map \$arg_node \$socket_upstream \{\n\s+"~\^\[0-9a-f\]\{12\}\$" \$arg_node:3001;\n\s+default socket_any;\n\s+\}/);
    expect(CONF).toMatch(/proxy_pass http:\/\/\$socket_upstream;/);
    expect(CONF).toMatch(/resolver 127\.0\.0\.11 /);
  });

  (nginxAvailable ? describe : describe.skip)('run by nginx', () => {
    jest.setTimeout(60_000);
    let api: TestApiServer;
    let redis: Redis;
    let dns: TinyDns;
    let nginx: ChildProcess | undefined;
    let origin: string;
    let dir: string;
    const nodes: RunningSocketServer[] = [];
    const sockets: Socket[] = [];
    const keyPrefix = uniqueKeyPrefix();

    beforeAll(async () => {
      redis = new Redis(testRedisUrl());
      api = await startTestApi({ REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: keyPrefix });
      const socketPort = await portFreeOnBoth();
      const proxyPort = await freePort();
      origin = `https://localhost:${proxyPort}`;
      for (const [i, nodeId] of NODE_IDS.entries()) {
        nodes.push(
          await startSocketNode({
            apiUrl: api.internalUrl,
            keyPrefix,
            nodeId,
            scaleOut: { publicUrl: origin, reportIntervalMs: 100, nodeTtlMs: 1000 },
            overrides: { host: ADDRESSES[i]!, port: socketPort },
          }),
        );
      }
      dns = await startTinyDns(Object.fromEntries(NODE_IDS.map((id, i) => [id, ADDRESSES[i]!])));
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'commu-chat-proxy-'));
      const certs = spawnSync('openssl', [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        path.join(dir, 'tls.key'),
        '-out',
        path.join(dir, 'tls.crt'),
      ]);
      expect(certs.status).toBe(0);
      const apiAddress = new URL(api.url).host;
      const conf = CONF.replace('server socket:3001;', `server ${ADDRESSES[0]}:${socketPort};`)
        .replace('server api:3000;', `server ${apiAddress};`)
        .replace('$arg_node:3001;', `$arg_node:${socketPort};`)
        .replace('resolver 127.0.0.11 ', `resolver 127.0.0.1:${dns.port} `)
        .replace('listen 443 ssl', `listen 127.0.0.1:${proxyPort} ssl`)
        .replaceAll('/certs/', `${dir}/`)
        .replace('worker_processes auto;', `worker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;`)
        .replace('http {', `http {\n  access_log off;\n  client_body_temp_path ${dir};\n  proxy_temp_path ${dir};`);
      // Every swap happened: the file still has the shape this test assumes.
      for (const name of ['socket:3001', 'api:3000', '127.0.0.11', 'listen 443', '/certs/']) expect(conf).not.toContain(name);
      fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
      nginx = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'inherit' });
      await expectEventually(async () => expect((await request(origin).get('/health/live').disableTLSCerts()).status).toBe(200), 10_000, 100);
    });

    afterAll(async () => {
      sockets.forEach((s) => s.disconnect());
      nginx?.kill('SIGTERM');
      await Promise.all(nodes.map((node) => node.close()));
      await api?.close();
      await dns?.close();
      await deleteKeys(redis, keyPrefix);
      redis.disconnect();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    function connect(url: string, token: string, transports: ('polling' | 'websocket')[], query?: object): Promise<Socket> {
      const socket = io(url, {
        auth: { token },
        forceNew: true,
        reconnection: false,
        transports,
        query: { ...query },
        rejectUnauthorized: false,
      });
      sockets.push(socket);
      return new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    }

    const socketsOn = (node: RunningSocketServer, namespace: string) => node.io._nsps.get(namespace)?.sockets.size ?? 0;

    it('sends each community to the node the endpoint names, over one TLS origin, WebSocket and long-polling alike', async () => {
      const owner = await loginAs(api.url);
      const member = await loginAs(api.url);
      // Communities until both nodes serve one (routing spreads new ones by load).
      const byNode = new Map<string, { id: string; namespace: string; channel: string }>();
      for (let i = 0; i < 12 && byNode.size < 2; i++) {
        const community = await createCommunity(api.url, owner);
        const res = await request(origin).get(`/api/communities/${community.id}/endpoint`).set(owner.auth).disableTLSCerts();
        expect(res.status).toBe(200);
        const endpoint = res.body as EndpointResponse;
        expect(endpoint.url).toBe(origin);
        if (byNode.has(endpoint.query!.node)) continue;
        await addCommunityMember(api.url, owner, community.id, member.user.id);
        const channel = await createChannel(api.url, owner, community.id);
        await request(api.url).post(`/api/channels/${channel.id}/join`).set(member.auth).expect(201);
        byNode.set(endpoint.query!.node, { id: community.id, namespace: community.namespace, channel: channel.id });
      }
      expect([...byNode.keys()].sort()).toEqual([...NODE_IDS].sort());

      for (const [i, nodeId] of NODE_IDS.entries()) {
        const community = byNode.get(nodeId)!;
        const query = { node: nodeId };
        const sender = await connect(`${origin}${community.namespace}`, owner.token, ['websocket'], query);
        const receiver = await connect(`${origin}${community.namespace}`, member.token, ['polling'], query);
        expect(socketsOn(nodes[i]!, community.namespace)).toBe(2);
        expect(socketsOn(nodes[1 - i]!, community.namespace)).toBe(0);
        for (const socket of [sender, receiver])
          expect(await socket.timeout(5000).emitWithAck('join', { channels: [community.channel] })).toEqual({
            joined: [community.channel],
            rejected: [],
          });
        const heard = new Promise<Message>((resolve) => receiver.once('new-chat', resolve));
        const ack = (await sender.timeout(5000).emitWithAck('chat', {
          chatType: 'new',
          channelId: community.channel,
          content: `via ${nodeId}`,
          clientMsgId: randomUUID(),
        })) as ChatAck;
        expect(ack.written).toBe(true);
        expect((await heard).content).toBe(`via ${nodeId}`);
      }
    });

    it('sends a connection without a node, or naming a host that is not a node id, to any node', async () => {
      const owner = await loginAs(api.url);
      const community = await createCommunity(api.url, owner);
      for (const query of [undefined, { node: 'example.com' }, { node: `${NODE_IDS[1]}.example.com` }]) {
        const socket = await connect(`${origin}${community.namespace}`, owner.token, ['websocket'], query);
        expect(socket.connected).toBe(true);
        socket.disconnect();
      }
      // The fallback is the `socket` service's upstream: here the first node's address.
      await expectEventually(() => expect(socketsOn(nodes[0]!, community.namespace) + socketsOn(nodes[1]!, community.namespace)).toBe(0));
    });
  });
});
