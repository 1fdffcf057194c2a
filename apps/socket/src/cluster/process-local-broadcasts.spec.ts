import { EventEmitter } from 'node:events';
import type { Namespace } from 'socket.io';
import type { Adapter } from 'socket.io-adapter';
import { keepBroadcastsInProcess, processPeersOf } from './process-local-broadcasts';

/** What the wrapper uses of a namespace: server-side events, driven by the test. */
class FakeNamespace extends EventEmitter {
  readonly name = '/socket/commu-c1';
  /** Server-side requests this process made, with the answers the test gives them. */
  readonly asked: { event: string; answer: (peers: unknown[]) => void }[] = [];
  serverSideEmit = jest.fn();
  serverSideEmitWithAck(event: string): Promise<unknown[]> {
    return new Promise((resolve) => this.asked.push({ event, answer: resolve }));
  }
}

/** The Redis adapter's part the wrapper touches: broadcast, close and the subscriber connection. */
class FakeRedisAdapter {
  static ping: () => Promise<unknown> = () => Promise.resolve('PONG');
  /** What reached the Redis adapter's own broadcast (the wrapper replaces `broadcast`). */
  readonly sent = jest.fn();
  readonly broadcast = (packet: unknown, opts: unknown) => this.sent(packet, opts);
  readonly close = jest.fn();
  readonly subClient = { ping: () => FakeRedisAdapter.ping() };
  constructor(readonly nsp: FakeNamespace) {}
}

/** Closed after each test: a shared namespace's check timer runs until its adapter closes. */
const opened: Adapter[] = [];

function wrapped(peerCheckMs = 1000) {
  const nsp = new FakeNamespace();
  const Factory = keepBroadcastsInProcess(FakeRedisAdapter as never, 'me', peerCheckMs) as unknown as new (nsp: Namespace) => Adapter;
  const adapter = new Factory(nsp as unknown as Namespace);
  opened.push(adapter);
  const peers = processPeersOf({ adapter } as unknown as Namespace)!;
  const broadcastIsLocal = () => {
    adapter.broadcast({} as never, { rooms: new Set(), except: new Set() });
    const base = adapter as unknown as FakeRedisAdapter;
    return Boolean(base.sent.mock.calls.at(-1)?.[1]?.flags?.local);
  };
  return { nsp, adapter, peers, broadcastIsLocal };
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('keepBroadcastsInProcess', () => {
  afterEach(() => {
    opened.splice(0).forEach((adapter) => void adapter.close());
    FakeRedisAdapter.ping = () => Promise.resolve('PONG');
    jest.useRealTimers();
  });

  it('asks the other processes only once its own subscriptions are confirmed, then publishes while one answers', async () => {
    let confirm!: () => void;
    FakeRedisAdapter.ping = () => new Promise((resolve) => (confirm = () => resolve('PONG')));
    const { nsp, peers, broadcastIsLocal } = wrapped();
    const joined = peers.joinPeers();
    await settle();
    // Counting subscribers before its own SUBSCRIBE has landed could count nobody and ask nobody.
    expect(nsp.asked).toEqual([]);
    confirm();
    await settle();
    expect(nsp.asked.map((a) => a.event)).toEqual(['commu-chat:peer-joined']);
    nsp.asked[0]!.answer(['other']);
    await joined;
    expect(peers.shared).toBe(true);
    expect(broadcastIsLocal()).toBe(false);
  });

  it('broadcasts in memory while no other process answers', async () => {
    const { nsp, peers, broadcastIsLocal } = wrapped();
    const joined = peers.joinPeers();
    await settle();
    nsp.asked[0]!.answer([]);
    await joined;
    expect(peers.shared).toBe(false);
    expect(broadcastIsLocal()).toBe(true);
  });

  it('drops a peer missing from a full check answer, but not one that joined while the check was out', async () => {
    jest.useFakeTimers();
    const { nsp, peers } = wrapped(1000);
    const joined = peers.joinPeers();
    await settle();
    nsp.asked[0]!.answer(['dead']);
    await joined;
    expect(peers.shared).toBe(true);

    await jest.advanceTimersByTimeAsync(1000);
    expect(nsp.asked.map((a) => a.event)).toEqual(['commu-chat:peer-joined', 'commu-chat:peer-check']);
    // A newcomer announces itself while the check is out; the check's answer predates it.
    nsp.emit('commu-chat:peer-joined', 'newcomer', () => undefined);
    nsp.asked[1]!.answer([]);
    await settle();
    expect(peers.shared).toBe(true);

    await jest.advanceTimersByTimeAsync(1000);
    nsp.asked[2]!.answer([]);
    await settle();
    expect(peers.shared).toBe(false);
  });
});
