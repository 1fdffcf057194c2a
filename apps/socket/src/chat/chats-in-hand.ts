import { Injectable } from '@nestjs/common';

/**
 * The chats this process has received and not yet acked, from the event to the ack: a shutdown
 * waits for them, so what a client sent before the node went away is answered, not lost. Counted at
 * the gateway rather than in the writer: a chat may still be in its rate-limit check.
 */
@Injectable()
export class ChatsInHand {
  private count = 0;
  private waiters: Array<() => void> = [];
  private taking = true;

  /** Runs one chat's handling, counted until it settles. */
  async track<T>(handling: () => Promise<T>): Promise<T> {
    this.count++;
    try {
      return await handling();
    } finally {
      if (--this.count === 0) this.release();
    }
  }

  /**
   * Shutdown: chats that arrive from now on are refused (`unavailable`), so that the wait for those
   * in hand ends even under a steady stream; their senders send them again on the next node.
   */
  stopTaking(): void {
    this.taking = false;
  }

  get accepting(): boolean {
    return this.taking;
  }

  get size(): number {
    return this.count;
  }

  /** Resolves when no chat is in hand (at once if none is). */
  settled(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
