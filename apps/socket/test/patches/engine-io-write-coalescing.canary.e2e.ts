import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { coalesceSocketWrites } from '../../src/patches/engine-io-write-coalescing.patch';

/**
 * Canary for the engine.io write-coalescing patch: it must keep taking effect on the installed
 * engine.io / ws. Several emits to one receiver in one event-loop turn must reach the kernel as one
 * write on that receiver's TCP socket. If engine.io stops flushing through `socket.flush` or ws moves
 * its TCP socket, the patch disables itself silently and each frame becomes a write of its own.
 */
describe('engine.io write coalescing (canary)', () => {
  let http: HttpServer;
  let io: Server;
  let client: ClientSocket | undefined;
  const tcpWrites = new Map<number, number>();

  beforeEach(async () => {
    http = createServer();
    // Count the stream-level writes (one per write/writev syscall batch) on each accepted TCP socket.
    http.on('connection', (tcp: NetSocket) => {
      const port = tcp.remotePort ?? 0;
      tcpWrites.set(port, 0);
      const count = () => tcpWrites.set(port, (tcpWrites.get(port) ?? 0) + 1);
      const write = tcp._write.bind(tcp);
      const writev = tcp._writev?.bind(tcp);
      tcp._write = (...args: Parameters<NetSocket['_write']>) => (count(), write(...args));
      if (writev) tcp._writev = (...args: Parameters<NonNullable<NetSocket['_writev']>>) => (count(), writev(...args));
    });
    io = new Server(http, { transports: ['websocket'] });
    coalesceSocketWrites(io.engine);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  });

  afterEach(async () => {
    client?.disconnect();
    await io.close();
  });

  it('sends the frames of one turn to a receiver in one TCP write', async () => {
    const emits = 5;
    io.on('connection', (socket) => {
      socket.on('go', () => {
        for (let i = 0; i < emits; i++) socket.emit('frame', i);
      });
    });
    const { port } = http.address() as AddressInfo;
    const socket = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], forceNew: true });
    client = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const localPort = (socket.io.engine.transport as unknown as { ws?: { _socket?: NetSocket } }).ws?._socket?.localPort;
    expect(localPort).toBeDefined();

    const received: number[] = [];
    const all = new Promise<void>((resolve) =>
      socket.on('frame', (i: number) => {
        received.push(i);
        if (received.length === emits) resolve();
      }),
    );
    const before = tcpWrites.get(localPort ?? 0) ?? 0;
    socket.emit('go');
    await all;

    expect(received).toEqual([0, 1, 2, 3, 4]);
    expect((tcpWrites.get(localPort ?? 0) ?? 0) - before).toBe(1);
  });
});
