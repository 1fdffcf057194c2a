import { UNAVAILABLE_FOR_CLIENTS } from '../api-client/api-result';
import type { InternalChatBatchResponse, InternalChatCommand, InternalChatResult } from '@app/shared';
import type { ApiResult } from '../api-client/api-result';
import { ChatBatcher, type ChatBatcherOptions } from './chat-batcher';

interface SentBatch {
  commands: InternalChatCommand[];
  timeoutMs: number;
  answer(response?: ApiResult<InternalChatBatchResponse>): void;
}

const command = (channelId: string, clientMsgId: string): InternalChatCommand => ({
  userId: 'u1',
  communityId: 'c1',
  chat: { chatType: 'new', channelId, content: clientMsgId, clientMsgId },
});

/** Echoes each command's clientMsgId as the stored message id, so results can be matched to callers. */
const echo = (commands: InternalChatCommand[]): ApiResult<InternalChatBatchResponse> => ({
  ok: true,
  value: {
    results: commands.map((c) => ({ ok: false, error: { code: 'not_found', message: c.chat.chatType === 'new' ? c.chat.clientMsgId : '' } })),
  },
});

const turn = () => new Promise((resolve) => setImmediate(resolve));

function setup(options: Partial<ChatBatcherOptions> = {}) {
  const sent: SentBatch[] = [];
  let clock = 1000;
  const batcher = new ChatBatcher(
    (commands, timeoutMs) =>
      new Promise((resolve) => {
        sent.push({ commands, timeoutMs, answer: (response) => resolve(response ?? echo(commands)) });
      }),
    { batchMax: 100, maxInFlight: 1, windowMs: 0, timeoutMs: 5000, queueMax: 1000, queueMaxWaitMs: 1000, now: () => clock, ...options },
  );
  const ids = (batch: SentBatch) => batch.commands.map((c) => (c.chat.chatType === 'new' ? c.chat.clientMsgId : ''));
  return { batcher, sent, ids, tick: (ms: number) => (clock += ms) };
}

const messageOf = (result: InternalChatResult) => (result.ok ? result.message.id : result.error.message);

describe('ChatBatcher', () => {
  it('sends a lone command at the end of the turn, and what arrived in the same turn with it', async () => {
    const { batcher, sent, ids } = setup();
    const a = batcher.write(command('ch1', 'a'));
    const b = batcher.write(command('ch2', 'b'));
    expect(sent).toHaveLength(0);
    await turn();
    expect(sent.map(ids)).toEqual([['a', 'b']]);
    sent[0].answer();
    expect([messageOf(await a), messageOf(await b)]).toEqual(['a', 'b']);
  });

  it('gathers commands that arrive while the requests are busy into the next batch', async () => {
    const { batcher, sent, ids } = setup({ maxInFlight: 1 });
    const first = batcher.write(command('ch1', 'a'));
    await turn();
    const later = ['b', 'c', 'd'].map((id, i) => batcher.write(command(`ch${i + 2}`, id)));
    await turn();
    expect(sent.map(ids)).toEqual([['a']]);
    sent[0].answer();
    await first;
    await turn();
    expect(sent.map(ids)).toEqual([['a'], ['b', 'c', 'd']]);
    sent[1].answer();
    expect((await Promise.all(later)).map(messageOf)).toEqual(['b', 'c', 'd']);
  });

  it('keeps a channel in one request at a time, so its commands are stored in arrival order', async () => {
    const { batcher, sent, ids } = setup({ maxInFlight: 4 });
    void batcher.write(command('ch1', 'a1'));
    await turn();
    void batcher.write(command('ch1', 'a2'));
    void batcher.write(command('ch2', 'b1'));
    await turn();
    // ch2 may go alongside; ch1's second message waits for its first.
    expect(sent.map(ids)).toEqual([['a1'], ['b1']]);
    sent[0].answer();
    await turn();
    expect(sent.map(ids)).toEqual([['a1'], ['b1'], ['a2']]);
  });

  it('splits what waits into batches of at most batchMax', async () => {
    const { batcher, sent, ids } = setup({ batchMax: 2, maxInFlight: 3 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) void batcher.write(command(`ch-${id}`, id));
    await turn();
    expect(sent.map(ids)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    sent.forEach((batch) => batch.answer()); // no request left hanging, nor its expiry timers
  });

  it('answers every command of a failed request with its error', async () => {
    const { batcher, sent } = setup();
    const results = [batcher.write(command('ch1', 'a')), batcher.write(command('ch2', 'b'))];
    await turn();
    sent[0].answer({ ok: false, error: { code: 'unavailable', message: 'the API answered 503' } });
    expect(await Promise.all(results)).toEqual([
      { ok: false, error: { code: 'unavailable', message: 'the API answered 503' } },
      { ok: false, error: { code: 'unavailable', message: 'the API answered 503' } },
    ]);
  });

  it('answers unavailable when the API answers the wrong number of results', async () => {
    const { batcher, sent } = setup();
    const results = [batcher.write(command('ch1', 'a')), batcher.write(command('ch2', 'b'))];
    await turn();
    sent[0].answer({ ok: true, value: { results: [] } });
    for (const result of await Promise.all(results)) {
      expect(result).toEqual({ ok: false, error: { code: 'unavailable', message: UNAVAILABLE_FOR_CLIENTS } });
    }
  });

  it('counts time spent queued against the timeout, and never sends a command whose time is up', async () => {
    const { batcher, sent, ids, tick } = setup({ maxInFlight: 1, timeoutMs: 300 });
    void batcher.write(command('ch1', 'a'));
    await turn();
    expect(sent[0].timeoutMs).toBe(300);
    tick(100);
    const waited = batcher.write(command('ch2', 'b'));
    tick(250);
    const fresh = batcher.write(command('ch3', 'c'));
    tick(100);
    // 450 ms after 'a' left: 'b' (queued 350 ms ago) is out of time, 'c' has 200 ms left.
    sent[0].answer();
    expect(await waited).toEqual({ ok: false, error: { code: 'unavailable', message: UNAVAILABLE_FOR_CLIENTS } });
    await turn();
    expect(sent.map(ids)).toEqual([['a'], ['c']]);
    expect(sent[1].timeoutMs).toBe(200);
    sent[1].answer();
    expect(messageOf(await fresh)).toBe('c');
  });

  it('answers an old command of a batch in flight at its deadline, and lets the batch finish for the rest', async () => {
    jest.useFakeTimers();
    try {
      const sent: SentBatch[] = [];
      const batcher = new ChatBatcher(
        (commands, timeoutMs) => new Promise((resolve) => sent.push({ commands, timeoutMs, answer: (r) => resolve(r ?? echo(commands)) })),
        { batchMax: 100, maxInFlight: 1, windowMs: 0, timeoutMs: 300, queueMax: 1000, queueMaxWaitMs: 1000, now: () => Date.now() },
      );
      const settled: Record<string, InternalChatResult> = {};
      const write = (id: string) => void batcher.write(command(`ch-${id}`, id)).then((r) => (settled[id] = r));
      write('a');
      await jest.advanceTimersByTimeAsync(0);
      await jest.advanceTimersByTimeAsync(100);
      write('b'); // deadline at +400
      await jest.advanceTimersByTimeAsync(150);
      write('c'); // deadline at +550
      sent[0].answer();
      await jest.advanceTimersByTimeAsync(0);
      expect(sent[1].commands.map((c) => (c.chat.chatType === 'new' ? c.chat.clientMsgId : ''))).toEqual(['b', 'c']);
      expect(sent[1].timeoutMs).toBe(300); // as long as 'c' may wait, not cut to what 'b' has left
      await jest.advanceTimersByTimeAsync(150);
      expect(settled.b).toEqual({ ok: false, error: { code: 'unavailable', message: UNAVAILABLE_FOR_CLIENTS } });
      expect(settled.c).toBeUndefined();
      sent[1].answer();
      await jest.advanceTimersByTimeAsync(0);
      expect(messageOf(settled.c)).toBe('c');
      expect(settled.b.ok).toBe(false); // answered once, never overwritten
    } finally {
      jest.useRealTimers();
    }
  });

  it('waits windowMs before sending when asked to gather longer', async () => {
    jest.useFakeTimers();
    try {
      const { batcher, sent, ids } = setup({ windowMs: 2 });
      void batcher.write(command('ch1', 'a'));
      jest.advanceTimersByTime(1);
      void batcher.write(command('ch2', 'b'));
      expect(sent).toHaveLength(0);
      jest.advanceTimersByTime(1);
      expect(sent.map(ids)).toEqual([['a', 'b']]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses at once what would wait beyond queueMax, and still serves what it admitted', async () => {
    const { batcher, sent, ids } = setup({ batchMax: 2, queueMax: 3 });
    const first = batcher.write(command('ch1', 'a'));
    await turn();
    expect(sent.map(ids)).toEqual([['a']]); // in flight: no longer waiting
    const waiting = ['b', 'c', 'd'].map((id, i) => batcher.write(command(`ch${i + 2}`, id)));
    const refused = await batcher.write(command('ch9', 'e'));
    expect(refused).toEqual({ ok: false, error: { code: 'unavailable', message: 'the server is overloaded; try again shortly' } });
    expect(batcher.queued).toBe(3);

    sent[0].answer();
    expect(messageOf(await first)).toBe('a');
    await turn();
    expect(sent.map(ids)).toEqual([['a'], ['b', 'c']]);
    // Room again: a new command is admitted.
    const late = batcher.write(command('ch9', 'f'));
    expect(batcher.queued).toBe(2);
    sent[1].answer();
    await turn();
    expect(sent.map(ids)).toEqual([['a'], ['b', 'c'], ['d', 'f']]);
    sent[2].answer();
    expect((await Promise.all([...waiting, late])).map(messageOf)).toEqual(['b', 'c', 'd', 'f']);
    expect(batcher.stats).toEqual({ batches: 3, commands: 5, refused: 1, requestMs: 0, queuedMs: 0 });
  });

  it('counts how long its requests took and how long their commands waited for them', async () => {
    const { batcher, sent, tick } = setup();
    const a = batcher.write(command('ch1', 'a'));
    await turn(); // an idle batcher sends at once: a waited 0 ms
    tick(5);
    const b = batcher.write(command('ch2', 'b'));
    tick(7);
    sent[0].answer(); // the first request took 12 ms; b leaves now, after 7 ms in the queue
    await a;
    await turn();
    expect(sent).toHaveLength(2);
    tick(3);
    sent[1].answer();
    await b;
    expect(batcher.stats).toEqual({ batches: 2, commands: 2, refused: 0, requestMs: 15, queuedMs: 7 });
  });

  it('refuses new commands while the oldest waiting one has waited past queueMaxWaitMs', async () => {
    const { batcher, sent, ids, tick } = setup({ queueMaxWaitMs: 1000 });
    const first = batcher.write(command('ch1', 'a'));
    await turn();
    const waiting = batcher.write(command('ch2', 'b'));
    tick(1000);
    const admitted = batcher.write(command('ch3', 'c')); // 'b' has waited 1000 ms: not past the bound yet
    tick(1);
    expect(await batcher.write(command('ch4', 'd'))).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'the server is overloaded; try again shortly' },
    });

    sent[0].answer();
    expect(messageOf(await first)).toBe('a');
    await turn();
    expect(sent.map(ids)).toEqual([['a'], ['b', 'c']]);
    // The queue drained: its head is young again, whatever the clock says.
    const late = batcher.write(command('ch4', 'e'));
    sent[1].answer();
    await turn();
    sent[2].answer();
    expect((await Promise.all([waiting, admitted, late])).map(messageOf)).toEqual(['b', 'c', 'e']);
  });

  it('drain sends what waits without the window and resolves once every answer is given', async () => {
    const { batcher, sent, ids } = setup({ windowMs: 60_000 });
    const a = batcher.write(command('ch1', 'a'));
    let drained = false;
    const drain = batcher.drain().then(() => (drained = true));
    expect(ids(sent[0])).toEqual(['a']);
    // Taken while draining: sent as soon as the request in flight returns, and waited for too.
    const b = batcher.write(command('ch1', 'b'));
    sent[0].answer();
    await turn();
    expect(drained).toBe(false);
    expect(ids(sent[1])).toEqual(['b']);
    sent[1].answer();
    await drain;
    expect(messageOf(await a)).toBe('a');
    expect(messageOf(await b)).toBe('b');
  });

  it('drain resolves at once when nothing is in hand', async () => {
    const { batcher } = setup();
    await expect(batcher.drain()).resolves.toBeUndefined();
  });
});
