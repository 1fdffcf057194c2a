import { randomBytes } from 'node:crypto';
import type { CommunitySummary } from '@app/shared';
import Redis from 'ioredis';
import { startTestApi, type TestApiServer, type TestUser } from '../../../api/test/support';
import { type RunningSocketServer, startSocketServer } from '../../src/bootstrap';
import type { ScaleOutConfig, SocketConfig } from '../../src/config/socket-config';
import { type TestClient, TestClients } from './socket-clients';
import { socketTestConfig } from './socket-test-config';

/** The run's Redis, found by test/global-setup.ts. */
export function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: run the tests through jest (test/global-setup.ts sets it)');
  return url;
}

/** A key prefix of one's own, so that runs and suites sharing the Redis never see each other's channels or nodes. */
export function uniqueKeyPrefix(): string {
  return `t-${randomBytes(5).toString('hex')}`;
}

export interface SocketNodeOptions {
  apiUrl: string;
  keyPrefix: string;
  redisUrl?: string;
  adapter?: ScaleOutConfig['adapter'];
  nodeId?: string;
  scaleOut?: Partial<ScaleOutConfig>;
  overrides?: Partial<SocketConfig>;
}

/** One socket node on an ephemeral port, joined to the others through Redis. */
export function startSocketNode(options: SocketNodeOptions): Promise<RunningSocketServer> {
  const base = socketTestConfig({ apiUrl: options.apiUrl, redisUrl: options.redisUrl ?? testRedisUrl(), ...options.overrides });
  return startSocketServer(
    {
      ...base,
      scaleOut: {
        ...base.scaleOut,
        adapter: options.adapter ?? 'classic',
        keyPrefix: options.keyPrefix,
        ...(options.nodeId ? { nodeId: options.nodeId } : {}),
        ...options.scaleOut,
      },
    },
    { shutdownHooks: false },
  );
}

/** One API and several socket nodes sharing one Redis under a fresh key prefix. */
export interface MultiNodeStack {
  api: TestApiServer;
  nodes: RunningSocketServer[];
  keyPrefix: string;
  /** A plain client for inspecting Redis (CLIENT LIST, PUBSUB ...). */
  redis: Redis;
  clients: TestClients;
  connect(node: RunningSocketServer, user: TestUser, community: CommunitySummary): Promise<TestClient>;
  close(): Promise<void>;
}

export interface MultiNodeOptions {
  nodes: number;
  adapter?: ScaleOutConfig['adapter'];
  /** Give the API REDIS_URL too (routing across the nodes); default false. */
  routing?: boolean;
  scaleOut?: Partial<ScaleOutConfig>;
  /** Config of every node (e.g. limits). */
  overrides?: Partial<SocketConfig>;
}

export async function startMultiNodeStack(options: MultiNodeOptions): Promise<MultiNodeStack> {
  const keyPrefix = uniqueKeyPrefix();
  const redis = new Redis(testRedisUrl(), { lazyConnect: true });
  await redis.connect();
  const api = await startTestApi(options.routing ? { REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: keyPrefix } : {});
  const nodes: RunningSocketServer[] = [];
  const clients = new TestClients();
  const close = async () => {
    clients.closeAll();
    await Promise.all(nodes.map((node) => node.close()));
    await api.close();
    await deleteKeys(redis, keyPrefix);
    redis.disconnect();
  };
  try {
    for (let i = 0; i < options.nodes; i++) {
      nodes.push(
        await startSocketNode({
          apiUrl: api.internalUrl,
          keyPrefix,
          adapter: options.adapter,
          nodeId: `node-${i}`,
          scaleOut: options.scaleOut,
          overrides: options.overrides,
        }),
      );
    }
  } catch (err) {
    await close();
    throw err;
  }
  return {
    api,
    nodes,
    keyPrefix,
    redis,
    clients,
    connect: (node, user, community) => clients.connect(node.url, community.namespace, { token: user.token }),
    close,
  };
}

/** Removes what a test left under its prefix (routing assignments live for a day otherwise). */
export async function deleteKeys(redis: Redis, keyPrefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}:*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export interface SubscriptionCounts {
  sub: number;
  psub: number;
  ssub: number;
}

/**
 * What Redis itself says the node's subscriber connection is subscribed to (CLIENT LIST), found by
 * the connection name the node sets: `<keyPrefix>:<nodeId>:<pid>:sub`.
 */
export async function subscriptionsOf(redis: Redis, keyPrefix: string, nodeId: string): Promise<SubscriptionCounts> {
  const list = (await redis.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
  const line = list.split('\n').find((l) => new RegExp(`\\bname=${escapeRegExp(`${keyPrefix}:${nodeId}:`)}\\d+:sub\\b`).test(l));
  if (!line) throw new Error(`no subscriber connection of ${keyPrefix}:${nodeId} in CLIENT LIST`);
  const field = (name: string) => Number(new RegExp(`\\b${name}=(\\d+)`).exec(line)?.[1] ?? NaN);
  return { sub: field('sub'), psub: field('psub'), ssub: field('ssub') };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
