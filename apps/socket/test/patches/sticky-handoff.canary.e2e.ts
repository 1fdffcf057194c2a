import cluster, { type Worker } from 'node:cluster';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { setupMaster } from '@socket.io/sticky';
import { StickyHandoff } from '../../src/patches/sticky-handoff.patch';

/**
 * Canary for the sticky handoff patch's use of Node's private handle API, with the real
 * @socket.io/sticky primary and a real cluster worker. The worker is made to stall (as a busy worker
 * does) so that the primary's handoff of a connection stays unacknowledged while the client keeps
 * sending: the bytes sent meanwhile must still reach the worker (`_handle.readStop`), and a worker
 * that dies before acknowledging must not leave the client on a connection nobody serves
 * (`_pendingMessage`). Without the patch the first case loses the bytes and the second hangs.
 */
describe('sticky handoff (canary)', () => {
  let worker: Worker;
  let handoff: StickyHandoff;
  const others: Worker[] = [];
  let server: Server;
  let client: Socket | undefined;
  // cluster settings are process-wide: put back what other suites of this jest process may expect.
  const settings = { ...cluster.settings };
  afterAll(() => cluster.setupPrimary(settings));

  beforeEach(async () => {
    cluster.setupPrimary({ exec: join(__dirname, 'fixtures/sticky-canary-worker.js'), silent: true });
    handoff = new StickyHandoff();
    worker = cluster.fork();
    handoff.starting(worker, 0);
    await new Promise<void>((resolve) => worker.once('message', () => resolve()));
    handoff.ready(worker);
    server = createServer();
    setupMaster(server, { loadBalancingMethod: 'least-connection' });
    handoff.guard(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterEach(async () => {
    client?.destroy();
    for (const other of others.splice(0)) other.process.kill('SIGKILL');
    if (worker.process.exitCode === null && worker.process.signalCode === null) {
      const exited = new Promise((resolve) => worker.process.once('exit', resolve));
      worker.process.kill('SIGKILL');
      await exited;
    }
    // Not awaited: the primary counts handed-over connections as its own until the worker reports them closed.
    server.close();
  });

  /** Connects, sends a request head with no body (sticky hands such connections over whole), then `later` 100 ms after. */
  async function requestThenMore(later: string): Promise<{ reply: Promise<string>; closed: Promise<void> }> {
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    client = socket;
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write('GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: canary\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.write(later);
    return { reply: closed.then(() => text), closed };
  }

  it('hands the worker the bytes a client sent before the worker acknowledged the connection', async () => {
    worker.send('block');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { reply } = await requestThenMore('second packet END');
    const timedOut = new Promise<string>((resolve) => setTimeout(() => resolve('no reply'), 5000).unref());
    await expect(Promise.race([reply, timedOut])).resolves.toBe('got:second packet END');
  });

  it('hands no connection to a worker that has not reported ready', async () => {
    const starting = cluster.fork({ CANARY_TAG: 'starting:' });
    others.push(starting);
    handoff.starting(starting, 1);
    // Sticky picks the worker with the fewest clients. The ready one has 1; without the patch the
    // starting one counts 0 and gets the connection.
    (worker as Worker & { clientsCount?: number }).clientsCount = 1;
    const { reply } = await requestThenMore('END');
    const timedOut = new Promise<string>((resolve) => setTimeout(() => resolve('no reply'), 5000).unref());
    await expect(Promise.race([reply, timedOut])).resolves.toBe('got:END');
  });

  it('closes a handed-over connection whose worker died before acknowledging it', async () => {
    worker.send('block');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { closed } = await requestThenMore('x');
    worker.process.kill('SIGKILL');
    const timedOut = new Promise<string>((resolve) => setTimeout(() => resolve('still open'), 3000).unref());
    await expect(Promise.race([closed.then(() => 'closed'), timedOut])).resolves.toBe('closed');
  });
});
