import { io, type Socket } from 'socket.io-client';
import type { ChatAck, ClientToServerEvents, JoinAck, Message, ServerToClientEvents } from '@app/shared';
import { LatencyHistogram } from '../lib/histogram';
import { mapLimit } from '../lib/rest-client';
import type { ConnectRequest, ConnectResult, StepResult, StepSpec } from './load-protocol';

type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Conn {
  socket: ChatSocket;
  /** Message ids received in the current step's window (when checked): a second reception is a duplicate. */
  seen?: Set<string>;
  channels: string[];
  sender: boolean;
  inFlight: number;
}

/** Wall clock with sub-millisecond resolution; agents and servers share the machine's clock. */
export const clock = (): number => performance.timeOrigin + performance.now();

interface ActiveStep {
  spec: StepSpec;
  windowStart: number;
  windowEnd: number;
  sendEnd: number;
  result: StepResult & { ackHist: LatencyHistogram; deliveryHist: LatencyHistogram; lagHist: LatencyHistogram };
  outstanding: number;
  onIdle?: () => void;
}

function errorKey(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * One load generator: real socket.io-client sockets, open- or closed-loop chat senders, and
 * receivers that time every `new-chat` against the send time written into its content. Runs in a
 * child process (`load-worker.ts`) or inline for the in-process smoke test.
 */
export class LoadAgent {
  private readonly groups = new Map<string, Conn[]>();
  private step?: ActiveStep;
  private msgCounter = 0;
  private readonly agentTag = `${process.pid.toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

  async connect(req: ConnectRequest): Promise<ConnectResult> {
    const started = performance.now();
    const errors: Record<string, number> = {};
    const conns = this.groups.get(req.group) ?? [];
    this.groups.set(req.group, conns);
    let joinedChannels = 0;
    let failed = 0;
    await mapLimit(req.conns, req.concurrency, async (spec) => {
      const socket: ChatSocket = io(`${spec.url ?? req.url}${spec.namespace}`, {
        auth: { token: spec.token },
        ...(spec.query ? { query: { ...spec.query } } : {}),
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        timeout: req.timeoutMs,
      });
      try {
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', (err) => reject(err));
        });
        if (spec.channels.length > 0) {
          const ack: JoinAck = await socket.timeout(req.timeoutMs).emitWithAck('join', { channels: spec.channels });
          joinedChannels += ack.joined.length;
          for (const r of ack.rejected) errors[`join:${r.code}`] = (errors[`join:${r.code}`] ?? 0) + 1;
        }
        const conn: Conn = {
          socket,
          seen: req.checkDuplicates ? new Set() : undefined,
          channels: spec.channels,
          sender: spec.sender,
          inFlight: 0,
        };
        socket.on('new-chat', (message) => this.onDelivery(conn, message));
        socket.on('disconnect', () => {
          if (this.step) this.step.result.disconnects++;
        });
        conns.push(conn);
      } catch (err) {
        failed++;
        const key = errorKey(err);
        errors[key] = (errors[key] ?? 0) + 1;
        socket.close();
      }
    });
    return { connected: conns.length, joinedChannels, failed, errors, ms: Math.round(performance.now() - started) };
  }

  async disconnect(args: { group: string }): Promise<{ closed: number }> {
    const conns = this.groups.get(args.group) ?? [];
    for (const conn of conns) conn.socket.close();
    this.groups.delete(args.group);
    return { closed: conns.length };
  }

  private onDelivery(conn: Conn, message: Message): void {
    const step = this.step;
    if (!step) return;
    const now = clock();
    if (now < step.windowStart || now >= step.windowEnd) return;
    if (conn.seen) {
      if (conn.seen.has(message.id)) {
        step.result.duplicates++;
        return;
      }
      conn.seen.add(message.id);
    }
    step.result.deliveredInWindow++;
    if (message.content.startsWith('t=')) {
      const sentAt = parseFloat(message.content.slice(2));
      if (Number.isFinite(sentAt)) step.result.deliveryHist.recordMs(now - sentAt);
    }
  }

  async runStep(spec: StepSpec): Promise<StepResult> {
    const conns = (this.groups.get(spec.group) ?? []).filter((c) => c.sender && c.channels.length > 0);
    const windowStart = spec.startAt + spec.warmupMs;
    const windowEnd = windowStart + spec.measureMs;
    const step: ActiveStep = {
      spec,
      windowStart,
      windowEnd,
      sendEnd: windowEnd,
      outstanding: 0,
      result: {
        sent: 0,
        sentInWindow: 0,
        ackedInWindow: 0,
        deliveredInWindow: 0,
        duplicates: 0,
        errors: {},
        disconnects: 0,
        ack: { buckets: [], count: 0, sumUs: 0, maxUs: 0 },
        delivery: { buckets: [], count: 0, sumUs: 0, maxUs: 0 },
        sendLag: { buckets: [], count: 0, sumUs: 0, maxUs: 0 },
        ackHist: new LatencyHistogram(),
        deliveryHist: new LatencyHistogram(),
        lagHist: new LatencyHistogram(),
      },
    };
    this.step = step;
    const padding = 'x'.repeat(Math.max(0, spec.contentChars - 24));

    const send = (conn: Conn, intendedAt: number) => {
      const channelId = conn.channels[Math.floor(Math.random() * conn.channels.length)];
      const inWindow = intendedAt >= windowStart && intendedAt < windowEnd;
      step.result.sent++;
      if (inWindow) step.result.sentInWindow++;
      step.outstanding++;
      conn.inFlight++;
      const payload = {
        chatType: 'new' as const,
        channelId,
        content: `t=${intendedAt.toFixed(3)};${padding}`,
        clientMsgId: `${this.agentTag}-${++this.msgCounter}`,
      };
      conn.socket.timeout(spec.ackTimeoutMs).emit('chat', payload, (err: Error | null, ack?: ChatAck) => {
        if (this.step !== step) return; // a late answer to a step that is over
        const now = clock();
        step.outstanding--;
        conn.inFlight--;
        if (err || !ack) {
          if (inWindow) step.result.errors.ack_timeout = (step.result.errors.ack_timeout ?? 0) + 1;
        } else if (ack.written) {
          if (now >= windowStart && now < windowEnd) step.result.ackedInWindow++;
          if (inWindow) step.result.ackHist.recordMs(now - intendedAt);
        } else if (inWindow) {
          const code = ack.error?.code ?? 'unknown';
          step.result.errors[code] = (step.result.errors[code] ?? 0) + 1;
        }
        if (spec.kind === 'closed' && now < step.sendEnd) send(conn, now);
        if (step.outstanding === 0 && now >= step.sendEnd) step.onIdle?.();
      });
    };

    await sleepUntil(spec.startAt);
    if (conns.length > 0) {
      if (spec.kind === 'closed') {
        for (const conn of conns) for (let w = 0; w < spec.window; w++) send(conn, clock());
      } else if (spec.rate > 0) {
        await this.openLoop(spec, conns, step, send);
      }
    }
    await sleepUntil(step.sendEnd);
    // Drain: wait for the acks still outstanding, up to drainMs.
    if (step.outstanding > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, spec.drainMs);
        step.onIdle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    if (step.outstanding > 0) step.result.errors.no_ack = (step.result.errors.no_ack ?? 0) + step.outstanding;
    this.step = undefined;
    for (const conn of conns) conn.inFlight = 0;
    for (const conn of this.groups.get(spec.group) ?? []) conn.seen?.clear();
    const { ackHist, deliveryHist, lagHist, ...rest } = step.result;
    return { ...rest, ack: ackHist.toJSON(), delivery: deliveryHist.toJSON(), sendLag: lagHist.toJSON() };
  }

  /** Emits on a fixed schedule whatever the answers do (no coordinated omission). */
  private openLoop(spec: StepSpec, conns: Conn[], step: ActiveStep, send: (conn: Conn, intendedAt: number) => void): Promise<void> {
    const interval = 1000 / spec.rate;
    let k = 0;
    return new Promise((resolve) => {
      const tick = () => {
        const now = clock();
        let next = spec.startAt + k * interval;
        while (next <= now && next < step.sendEnd) {
          step.result.lagHist.recordMs(now - next);
          send(conns[k % conns.length], next);
          k++;
          next = spec.startAt + k * interval;
        }
        if (next >= step.sendEnd) return resolve();
        setTimeout(tick, Math.max(0, Math.min(next - clock(), 5)));
      };
      tick();
    });
  }

  async closeAll(): Promise<void> {
    for (const group of [...this.groups.keys()]) await this.disconnect({ group });
  }
}

function sleepUntil(epochMs: number): Promise<void> {
  const wait = epochMs - clock();
  return wait > 0 ? new Promise((r) => setTimeout(r, wait)) : Promise.resolve();
}
