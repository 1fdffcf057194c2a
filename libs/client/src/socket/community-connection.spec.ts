import { EventEmitter } from 'node:events';
import type { EndpointResponse } from '@app/shared';
import { CommunityConnection, type CommunityConnectionHandlers } from './community-connection';
import type { ChatSocket, ManagerPool } from './manager-pool';

/** What CommunityConnection uses of a Socket.IO client socket, driven by the test. */
class FakeSocket extends EventEmitter {
  connected = false;
  active = false;
  connects = 0;
  readonly emitted: string[] = [];
  readonly io = new EventEmitter();

  constructor(readonly url: string) {
    super();
  }

  connect(): this {
    this.connects++;
    this.active = true;
    return this;
  }

  disconnect(): this {
    this.connected = false;
    this.active = false;
    return this;
  }

  /** A process that stopped answering: every ack times out. */
  stalled = false;

  timeout(): { emitWithAck: (event: string) => Promise<unknown> } {
    return {
      emitWithAck: (event: string) => {
        this.emitted.push(event);
        if (this.stalled) return Promise.reject(new Error('operation has timed out'));
        return Promise.resolve(event === 'join' ? { joined: [], rejected: [] } : {});
      },
    };
  }

  /** The server accepted the handshake. */
  open(): void {
    this.connected = true;
    this.emit('connect');
  }

  /** The server closed the socket (or the transport dropped): Socket.IO's `disconnect` event. */
  drop(reason: string): void {
    this.connected = false;
    if (reason === 'io server disconnect') this.active = false;
    this.emit('disconnect', reason);
  }
}

function setup(urls: string[], answer?: (lookup: number) => Promise<EndpointResponse>) {
  const sockets: FakeSocket[] = [];
  const pool = {
    socket: (url: string) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket as unknown as ChatSocket;
    },
  } as unknown as ManagerPool;
  let lookups = 0;
  const resolveEndpoint = jest.fn(
    (): Promise<EndpointResponse> =>
      answer?.(lookups++) ?? Promise.resolve({ url: urls[Math.min(lookups++, urls.length - 1)], namespace: '/socket/commu-c1' }),
  );
  const handlers: jest.Mocked<CommunityConnectionHandlers> = {
    onStatus: jest.fn(),
    onUserEvent: jest.fn(),
    onReady: jest.fn(),
    onBroadcast: jest.fn(),
    onTyping: jest.fn(),
    onReaction: jest.fn(),
    onThreadUpdated: jest.fn(),
    onJoinRejected: jest.fn(),
    onUnauthorized: jest.fn(),
  };
  const connection = new CommunityConnection({
    communityId: 'c1',
    token: 't',
    pool,
    resolveEndpoint,
    handlers,
    retryPolicy: { baseDelayMs: 100, maxDelayMs: 1000, jitter: 0, maxAutoAttempts: Infinity },
  });
  const last = () => sockets[sockets.length - 1];
  return { connection, sockets, last, resolveEndpoint, handlers };
}

/** Lets the endpoint lookup's promise and the join acks settle. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('CommunityConnection: following the community to another node', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  async function connected(urls: string[]) {
    const t = setup(urls);
    t.connection.addRooms(['ch1']);
    t.connection.start();
    await settle();
    t.last().open();
    await settle();
    expect(t.last().url).toBe(urls[0]);
    expect(t.handlers.onReady).toHaveBeenCalledTimes(1);
    return t;
  }

  it('on server-draining asks the endpoint route again after reconnectInMs, connects to the answer, re-joins and is ready', async () => {
    const t = await connected(['http://a', 'http://b']);
    const a = t.last();
    a.emit('server-draining', { reconnectInMs: 300 });
    expect(t.handlers.onStatus).toHaveBeenLastCalledWith('reconnecting', expect.objectContaining({ code: 'unavailable' }));
    // The server closes the socket next; nothing reconnects to the draining node.
    a.drop('io server disconnect');
    await jest.advanceTimersByTimeAsync(299);
    expect(t.resolveEndpoint).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    await settle();
    expect(t.resolveEndpoint).toHaveBeenCalledTimes(2);
    const b = t.last();
    expect(b.url).toBe('http://b');
    expect(a.connects).toBe(1);
    b.open();
    await settle();
    expect(b.emitted).toContain('join');
    expect(t.handlers.onReady).toHaveBeenCalledTimes(2);
    expect(t.handlers.onStatus).toHaveBeenLastCalledWith('connected');
  });

  it('on a server-side disconnect asks the endpoint route again rather than reconnecting to the same node', async () => {
    const t = await connected(['http://a', 'http://b']);
    const a = t.last();
    a.drop('io server disconnect');
    await jest.advanceTimersByTimeAsync(100);
    await settle();
    expect(t.resolveEndpoint).toHaveBeenCalledTimes(2);
    expect(t.last().url).toBe('http://b');
    expect(a.connects).toBe(1);
  });

  it('after session-expired does not reconnect at all: the user is signed out', async () => {
    const t = await connected(['http://a', 'http://b']);
    const a = t.last();
    a.emit('session-expired', { code: 'unauthorized', message: 'expired' });
    a.drop('io server disconnect');
    await jest.advanceTimersByTimeAsync(5000);
    expect(t.handlers.onUnauthorized).toHaveBeenCalledTimes(1);
    expect(t.resolveEndpoint).toHaveBeenCalledTimes(1);
    expect(t.sockets).toHaveLength(1);
    expect(a.connects).toBe(1);
  });

  it('asks the endpoint route after the first failed reconnect, then every relocateEveryAttempts', async () => {
    const t = await connected(['http://a', 'http://a', 'http://a', 'http://b']);
    const a = t.last();
    a.drop('transport close');
    for (const attempt of [1, 2, 3, 4]) a.io.emit('reconnect_attempt', attempt);
    await settle();
    // Attempt 2 (the first one failed): asked, and the answer is still node a, so the socket stays.
    expect(t.resolveEndpoint).toHaveBeenCalledTimes(2);
    expect(t.last()).toBe(a);
    a.io.emit('reconnect_attempt', 5);
    await settle();
    expect(t.resolveEndpoint).toHaveBeenCalledTimes(3);
    a.io.emit('reconnect_attempt', 10);
    await settle();
    expect(t.resolveEndpoint).toHaveBeenCalledTimes(4);
    expect(t.last().url).toBe('http://b');
  });

  it('when a draining node refuses the handshake (unavailable), asks the endpoint route again', async () => {
    const t = setup(['http://a', 'http://b']);
    t.connection.start();
    await settle();
    const a = t.last();
    a.active = false; // a refusal by the server's middleware: the Manager does not retry it
    a.emit('connect_error', new Error('unavailable'));
    await jest.advanceTimersByTimeAsync(100);
    await settle();
    expect(t.resolveEndpoint).toHaveBeenCalledTimes(2);
    expect(t.last().url).toBe('http://b');
  });

  it('when acks stop coming (a frozen process, still connected), asks the route once at a time and follows it to another process', async () => {
    let answerNow!: () => void;
    const t = setup([], (lookup) =>
      lookup === 0
        ? Promise.resolve({ url: 'http://a', namespace: '/socket/commu-c1' })
        : new Promise((resolve) => (answerNow = () => resolve({ url: 'http://b', namespace: '/socket/commu-c1' }))),
    );
    t.connection.start();
    await settle();
    const a = t.last();
    a.open();
    await settle();
    a.stalled = true;
    const chat = { chatType: 'new' as const, channelId: 'ch1', content: 'hi', clientMsgId: 'm1' };
    await expect(t.connection.emitChat(chat)).rejects.toMatchObject({ code: 'unavailable' });
    await expect(t.connection.emitRead('ch1', 1)).rejects.toMatchObject({ code: 'unavailable' });
    // One question in flight, however many acks time out meanwhile.
    expect(t.resolveEndpoint).toHaveBeenCalledTimes(2);
    answerNow();
    await settle();
    expect(t.last().url).toBe('http://b');
    expect(t.last()).not.toBe(a);
  });

  describe('the endpoint watch after a lost connection', () => {
    const namespace = '/socket/commu-c1';
    afterEach(() => jest.restoreAllMocks());

    it('asks soon after the loss, then just after the lease that answer gave, and moves where the route points then', async () => {
      // Lookup 0 connects to a; the watch's first answer is still a, whose lease ends in 400 ms; then b.
      const t = setup([], (lookup) =>
        Promise.resolve(lookup < 2 ? { url: 'http://a', namespace, leaseMs: lookup === 0 ? 6000 : 400 } : { url: 'http://b', namespace }),
      );
      t.connection.start();
      await settle();
      t.last().open();
      await settle();
      jest.spyOn(Math, 'random').mockReturnValue(0.5); // the middle of every jitter
      t.last().drop('transport close');
      // The first poll comes 0.35 of the interval (750 ms) after the loss.
      await jest.advanceTimersByTimeAsync(263);
      expect(t.resolveEndpoint).toHaveBeenCalledTimes(2);
      expect(t.last().url).toBe('http://a');
      // The next one 75 ms past the lease (400 ms), not at the regular interval (750 ms).
      await jest.advanceTimersByTimeAsync(470);
      expect(t.resolveEndpoint).toHaveBeenCalledTimes(2);
      await jest.advanceTimersByTimeAsync(10);
      await settle();
      expect(t.resolveEndpoint).toHaveBeenCalledTimes(3);
      expect(t.last().url).toBe('http://b');
    });

    it('backs off while the route cannot answer, and stops after the watch span', async () => {
      const t = setup([], (lookup) => (lookup === 0 ? Promise.resolve({ url: 'http://a', namespace }) : Promise.reject(new Error('503'))));
      t.connection.start();
      await settle();
      t.last().open();
      await settle();
      t.last().drop('transport close');
      await jest.advanceTimersByTimeAsync(10_000);
      // 750 ms apart, growing 1.5 times (±20 %): 4-7 polls in 10 s, where a fixed 750 ms made about 13.
      const first10s = t.resolveEndpoint.mock.calls.length - 1;
      expect(first10s).toBeGreaterThanOrEqual(4);
      expect(first10s).toBeLessThanOrEqual(7);
      await jest.advanceTimersByTimeAsync(25_000);
      const inSpan = t.resolveEndpoint.mock.calls.length - 1;
      // Capped at 5 s apart: a few more by the end of the 30 s span, then none.
      expect(inSpan - first10s).toBeGreaterThanOrEqual(3);
      expect(inSpan).toBeLessThanOrEqual(12);
      await jest.advanceTimersByTimeAsync(30_000);
      expect(t.resolveEndpoint.mock.calls.length - 1).toBe(inSpan);
    });
  });
});
