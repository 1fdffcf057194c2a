import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { CommunityIoAdapter } from '../../src/community/community-io.adapter';
import { socketTestConfig } from '../support/socket-test-config';

@WebSocketGateway({ namespace: /^\/canary-\d+$/ })
class EchoGateway {
  @WebSocketServer() parent!: Namespace;

  @SubscribeMessage('echo')
  echo(@MessageBody() body: unknown): unknown {
    return { echoed: body };
  }

  @SubscribeMessage('named')
  named(): unknown {
    return { event: 'named-reply', data: 'hi' };
  }
}

@Module({ providers: [EchoGateway] })
class CanaryModule {}

/**
 * Canary for the Nest message-handler binding patch: the app's adapter must still be the one that
 * binds gateway handlers. Nest's own binding leaves a 'disconnect' listener per connected socket (the
 * `takeUntil(fromEvent(socket, 'disconnect'))` its rxjs pipelines share) and one rxjs pipeline per
 * event; the patch binds one plain listener per event and nothing else. If Nest stops calling
 * `bindMessageHandlers`, or calls it in a way the override misses, the 'disconnect' listener comes back.
 */
describe('Nest message-handler binding (canary)', () => {
  let app: INestApplication;
  let client: ClientSocket | undefined;

  beforeEach(async () => {
    app = await NestFactory.create(CanaryModule, { logger: false });
    app.useWebSocketAdapter(new CommunityIoAdapter(app, socketTestConfig(), { adapter: undefined, close: async () => undefined }));
    await app.listen(0, '127.0.0.1');
  });

  afterEach(async () => {
    client?.disconnect();
    await app.close();
  });

  it('binds one plain listener per event, answers acks and named replies', async () => {
    const { port } = app.getHttpServer().address() as AddressInfo;
    const socket = connect(`http://127.0.0.1:${port}/canary-1`, { transports: ['websocket'], forceNew: true });
    client = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });

    await expect(socket.timeout(2000).emitWithAck('echo', 'ping')).resolves.toEqual({ echoed: 'ping' });
    const named = new Promise((resolve) => socket.once('named-reply', resolve));
    socket.emit('named');
    await expect(named).resolves.toBe('hi');

    const gateway = app.get(EchoGateway);
    const [served] = gateway.parent.server.of('/canary-1').sockets.values();
    expect(served).toBeDefined();
    expect(served.listenerCount('echo')).toBe(1);
    expect(served.listenerCount('named')).toBe(1);
    // One is Nest's `bindClientDisconnect` (the gateway lifecycle); Nest's rxjs binding would add a
    // second, the patch none.
    expect(served.listenerCount('disconnect')).toBe(1);
  });
});
