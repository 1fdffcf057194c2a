import type { ChatAck, ClientToServerEvents, JoinAck, LeaveAck, ReactAck, ReadAck, ServerToClientEvents } from '@app/shared';
import { io, type Socket } from 'socket.io-client';

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConnectRefusal {
  message: string;
  data?: { code?: string; message?: string };
}

/**
 * Socket.IO clients of one test, each on a connection of its own (`forceNew`: by default
 * socket.io-client shares one connection per URL, which would merge different users' sockets).
 */
export class TestClients {
  private readonly sockets: TestClient[] = [];

  /** Resolves once connected; rejects with the `connect_error`. */
  connect(url: string, namespace: string, auth?: Record<string, unknown>): Promise<TestClient> {
    const socket = this.open(url, namespace, auth);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (err) => reject(err));
    });
  }

  /** Resolves with the refusal; rejects if the connection was accepted. */
  refusal(url: string, namespace: string, auth?: Record<string, unknown>): Promise<ConnectRefusal> {
    const socket = this.open(url, namespace, auth);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => reject(new Error(`connection to ${namespace} was accepted`)));
      socket.once('connect_error', (err: Error & { data?: ConnectRefusal['data'] }) => resolve({ message: err.message, data: err.data }));
    });
  }

  closeAll(): void {
    for (const socket of this.sockets.splice(0)) socket.disconnect();
  }

  private open(url: string, namespace: string, auth?: Record<string, unknown>): TestClient {
    const socket: TestClient = io(`${url}${namespace}`, {
      auth,
      forceNew: true,
      reconnection: false,
      transports: ['websocket'],
      timeout: 5000,
    });
    this.sockets.push(socket);
    return socket;
  }
}

/** Every payload a client receives for some events, in order. */
export class ReceivedEvents {
  readonly events: { event: keyof ServerToClientEvents; payload: unknown }[] = [];

  constructor(socket: TestClient, names: (keyof ServerToClientEvents)[] = ['new-chat', 'modify-chat', 'delete-chat', 'typing']) {
    for (const name of names) {
      socket.on(name, (payload: unknown) => this.events.push({ event: name, payload }));
    }
  }

  of(event: keyof ServerToClientEvents): unknown[] {
    return this.events.filter((e) => e.event === event).map((e) => e.payload);
  }
}

interface AckOf {
  join: JoinAck;
  leave: LeaveAck;
  chat: ChatAck;
  read: ReadAck;
  react: ReactAck;
}

type LooseEmitter = { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };

/** Emits with an ack and a deadline, so a missing ack fails the test instead of hanging it. */
export function ack<E extends keyof AckOf>(socket: TestClient, event: E, payload: unknown, timeoutMs = 10_000): Promise<AckOf[E]> {
  return rawAck(socket, event, [payload], timeoutMs) as Promise<AckOf[E]>;
}

/** Any event with any arguments (the ack comes last), for what the typed events do not allow. */
export function rawAck(socket: TestClient, event: string, args: unknown[], timeoutMs = 10_000): Promise<unknown> {
  return (socket.timeout(timeoutMs) as unknown as LooseEmitter).emitWithAck(event, ...args);
}

/** Emits without an ack callback. */
export function rawEmit(socket: TestClient, event: string, ...args: unknown[]): void {
  (socket as unknown as { emit(event: string, ...args: unknown[]): void }).emit(event, ...args);
}
