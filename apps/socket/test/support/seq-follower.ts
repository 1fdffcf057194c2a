import type { HistoryPage, Message } from '@app/shared';
import request from 'supertest';
import type { TestUser } from '../../../api/test/support';
import type { TestClient } from './socket-clients';

/**
 * What a client does with `new-chat` as the contract asks: it follows one channel's `seq`, and when
 * a message skips ahead it fetches what it missed with `GET /api/channels/:id/messages?after=`.
 */
export class SeqFollower {
  private readonly bySeq = new Map<number, Message>();
  private lastSeq = 0;
  private queue: Promise<void> = Promise.resolve();
  /** Each gap seen, as the seq it resumed after and the seq that revealed it. */
  readonly gaps: { after: number; seen: number }[] = [];
  /** Messages that came over the socket (not through a backfill). */
  readonly pushed: Message[] = [];
  readonly errors: unknown[] = [];

  constructor(
    socket: TestClient,
    private readonly apiUrl: string,
    private readonly user: TestUser,
    private readonly channelId: string,
    startAfter = 0,
  ) {
    this.lastSeq = startAfter;
    // One at a time, in arrival order, like a client's store.
    socket.on('new-chat', (message) => {
      this.queue = this.queue.then(() => this.receive(message)).catch((err: unknown) => void this.errors.push(err));
    });
  }

  /** Seqs held, ascending. */
  seqs(): number[] {
    return [...this.bySeq.keys()].sort((a, b) => a - b);
  }

  messages(): Message[] {
    return this.seqs().map((seq) => this.bySeq.get(seq)!);
  }

  private async receive(message: Message): Promise<void> {
    if (message.channelId !== this.channelId) return;
    this.pushed.push(message);
    if (message.seq > this.lastSeq + 1) {
      this.gaps.push({ after: this.lastSeq, seen: message.seq });
      await this.backfill(this.lastSeq, message.seq);
    }
    this.keep(message);
  }

  private async backfill(after: number, upTo: number): Promise<void> {
    let cursor = after;
    for (;;) {
      const res = await request(this.apiUrl)
        .get(`/api/channels/${this.channelId}/messages`)
        .query({ after: cursor, limit: 100 })
        .set(this.user.auth);
      if (res.status !== 200) throw new Error(`backfill after ${cursor}: ${res.status} ${JSON.stringify(res.body)}`);
      const page = res.body as HistoryPage;
      for (const message of page.messages) this.keep(message);
      if (!page.hasMore || page.messages.length === 0 || page.messages.at(-1)!.seq >= upTo) return;
      cursor = page.messages.at(-1)!.seq;
    }
  }

  private keep(message: Message): void {
    this.bySeq.set(message.seq, message);
    this.lastSeq = Math.max(this.lastSeq, message.seq);
  }
}
