import { Logger } from '@nestjs/common';
import type { ChatBatchStats, ErrorInfo, InternalChatBatchResponse, InternalChatCommand, InternalChatResult } from '@app/shared';
import { type ApiResult, UNAVAILABLE_FOR_CLIENTS } from '../api-client/api-result';

/** Sends one batch; resolves, never rejects (the ApiClient contract). */
export type SendBatch = (commands: InternalChatCommand[], timeoutMs: number) => Promise<ApiResult<InternalChatBatchResponse>>;

export interface ChatBatcherOptions {
  /** Most commands per request. */
  batchMax: number;
  /** Requests in flight at once. */
  maxInFlight: number;
  /** 0: flush at the end of the current event-loop turn; more: wait that long to gather. */
  windowMs: number;
  /** A command's whole budget, queueing included; past it, it is answered `unavailable`. */
  timeoutMs: number;
  /** Commands that may wait for a request; more are refused at once (`unavailable`). */
  queueMax: number;
  /** While the oldest waiting command has waited longer than this, new ones are refused at once. */
  queueMaxWaitMs: number;
  now?: () => number;
  /** Told each batch's size as it leaves (the metrics' histogram); once per batch, not per chat. */
  onBatch?: (size: number) => void;
}

interface Pending {
  command: InternalChatCommand;
  deadline: number;
  resolve: (result: InternalChatResult) => void;
  /** Answered already (its deadline passed while its batch was in flight). */
  answered?: boolean;
}

/**
 * Coalesces concurrent chat commands into `/internal/chat-batch` requests, group-commit style: an
 * idle batcher sends at once (after the current event-loop turn, which gathers whatever arrived in
 * the same read), while requests are in flight new commands wait and leave together when one
 * returns. Batches therefore grow with load without a fixed delay at low load.
 *
 * A channel is in at most one request at a time: the API then never waits on a lock another batch
 * of ours holds, and a sender's messages to a channel are stored in the order they arrived.
 */
export class ChatBatcher {
  private queue: Pending[] = [];
  private inFlight = 0;
  private readonly busyChannels = new Set<string>();
  private flushScheduled = false;
  private flushTimer?: NodeJS.Timeout;
  private draining = false;
  private idleWaiters: Array<() => void> = [];
  private readonly now: () => number;
  private readonly counters: ChatBatchStats = { batches: 0, commands: 0, refused: 0, requestMs: 0, queuedMs: 0 };
  private readonly logger = new Logger(ChatBatcher.name);

  constructor(
    private readonly send: SendBatch,
    private readonly options: ChatBatcherOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Resolves with this command's own result; never rejects. Under overload the answer is an
   * immediate `unavailable` (admission control): when `queueMax` commands wait already, or the
   * oldest of them has waited past `queueMaxWaitMs`. The second bound follows the real drain rate,
   * whatever the machine: a queue that drains keeps its head young however long it is. A refused
   * sender learns at once to retry later (with the same clientMsgId) instead of every command
   * waiting out its timeout, and what was admitted keeps a bounded wait.
   */
  write(command: InternalChatCommand): Promise<InternalChatResult> {
    if (this.overloaded()) {
      this.counters.refused++;
      return Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'the server is overloaded; try again shortly' } });
    }
    return new Promise((resolve) => {
      this.queue.push({ command, deadline: this.now() + this.options.timeoutMs, resolve });
      this.scheduleFlush();
    });
  }

  /**
   * Shutdown: sends what waits at once (no gathering window any more) and resolves when every
   * command taken so far has its answer and no request is in flight. Commands written meanwhile are
   * still taken and waited for. Each command has its own deadline, so this ends within the timeout.
   */
  drain(): Promise<void> {
    this.draining = true;
    if (this.idle()) return Promise.resolve();
    clearTimeout(this.flushTimer);
    this.flushScheduled = false;
    this.flush();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Commands waiting for a request, for tests and metrics. */
  get queued(): number {
    return this.queue.length;
  }

  get stats(): ChatBatchStats {
    return { ...this.counters };
  }

  private overloaded(): boolean {
    if (this.queue.length >= this.options.queueMax) return true;
    const oldest = this.queue[0];
    return oldest !== undefined && this.now() - this.arrivalOf(oldest) > this.options.queueMaxWaitMs;
  }

  /** A command's deadline is its arrival plus the timeout, so the arrival follows from it. */
  private arrivalOf(pending: Pending): number {
    return pending.deadline - this.options.timeoutMs;
  }

  private idle(): boolean {
    return this.queue.length === 0 && this.inFlight === 0;
  }

  private notifyIfIdle(): void {
    if (!this.idle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.inFlight >= this.options.maxInFlight) return;
    if (this.draining) return this.flush();
    this.flushScheduled = true;
    const run = () => {
      this.flushScheduled = false;
      this.flush();
    };
    if (this.options.windowMs > 0) this.flushTimer = setTimeout(run, this.options.windowMs);
    else setImmediate(run);
  }

  private flush(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const now = this.now();
      const batch: Pending[] = [];
      const channels = new Set<string>();
      const waiting: Pending[] = [];
      for (const pending of this.queue) {
        const channelId = pending.command.chat.channelId;
        if (pending.deadline <= now) {
          this.answer(pending, { ok: false, error: this.timeoutError() });
        } else if (batch.length < this.options.batchMax && !this.busyChannels.has(channelId)) {
          batch.push(pending);
          channels.add(channelId);
        } else {
          waiting.push(pending);
        }
      }
      this.queue = waiting;
      if (batch.length === 0) return this.notifyIfIdle(); // everything left waits for a channel in flight (or expired)
      this.dispatch(batch, channels, now);
    }
  }

  private dispatch(batch: Pending[], channels: Set<string>, now: number): void {
    this.inFlight++;
    this.counters.batches++;
    this.counters.commands += batch.length;
    this.options.onBatch?.(batch.length);
    for (const pending of batch) this.counters.queuedMs += now - this.arrivalOf(pending);
    for (const channelId of channels) this.busyChannels.add(channelId);
    // The request may last as long as its youngest command (the last: the queue is in order) can wait;
    // older ones are answered `unavailable` at their own deadlines meanwhile, without cutting the
    // batch short for the others. What they sent may still be stored: a retry with the same
    // clientMsgId then gets that message, as the contract promises.
    const timeoutMs = batch[batch.length - 1].deadline - now;
    const expiry = this.expireInFlight(batch);
    void this.send(
      batch.map((p) => p.command),
      timeoutMs,
    ).then((response) => {
      clearTimeout(expiry.timer);
      this.counters.requestMs += this.now() - now;
      this.inFlight--;
      for (const channelId of channels) this.busyChannels.delete(channelId);
      this.settle(batch, response);
      // What queued meanwhile leaves right away: this is where batches grow under load.
      this.flush();
      this.notifyIfIdle();
    });
  }

  /** Answers each command of a batch in flight at its deadline; one timer at a time, in deadline order. */
  private expireInFlight(batch: Pending[]): { timer?: NodeJS.Timeout } {
    const state: { timer?: NodeJS.Timeout } = {};
    let next = 0;
    const arm = () => {
      while (next < batch.length && batch[next].answered) next++;
      if (next >= batch.length - 1) return; // the youngest is covered by the request's own timeout
      state.timer = setTimeout(
        () => {
          const now = this.now();
          while (next < batch.length - 1 && batch[next].deadline <= now) this.answer(batch[next++], { ok: false, error: this.timeoutError() });
          arm();
        },
        Math.max(0, batch[next].deadline - this.now()),
      );
      // The request in flight keeps the process alive as long as it must; this timer need not.
      state.timer.unref();
    };
    arm();
    return state;
  }

  private answer(pending: Pending, result: InternalChatResult): void {
    if (pending.answered) return;
    pending.answered = true;
    pending.resolve(result);
  }

  private settle(batch: Pending[], response: ApiResult<InternalChatBatchResponse>): void {
    if (!response.ok) {
      for (const p of batch) this.answer(p, { ok: false, error: response.error });
      return;
    }
    const { results } = response.value;
    if (results.length !== batch.length) {
      this.logger.error(`the API answered ${results.length} results for ${batch.length} commands`);
      const error: ErrorInfo = { code: 'unavailable', message: UNAVAILABLE_FOR_CLIENTS };
      for (const p of batch) this.answer(p, { ok: false, error });
      return;
    }
    batch.forEach((p, i) => this.answer(p, results[i]));
  }

  private timeoutError(): ErrorInfo {
    // Past its budget (queueing included): the client retries with the same clientMsgId.
    return { code: 'unavailable', message: UNAVAILABLE_FOR_CLIENTS };
  }
}
