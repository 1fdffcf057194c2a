import { PRESETS, type BenchConfig } from '../src/bench-config';
import { runBench } from '../src/run-bench';
import type { BenchStack } from '../src/stack/bench-stack';
import { WRITER_CHAT_TEXT } from '../src/scenarios/writer-run';
import { querySql } from '../../apps/api/test/support/test-db';
import { startInProcessStack } from './support/in-process-stack';

/**
 * The smoke preset end to end, in-process and in seconds: proves the bench still drives the real
 * apps and fills every part of its report. Never a performance verdict: numbers measured inside
 * jest, next to the servers, say nothing about the system.
 */
describe('bench smoke preset', () => {
  let stack: BenchStack;

  beforeAll(async () => {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('TEST_DATABASE_URL is not set: run through jest (test/global-setup.ts)');
    stack = await startInProcessStack(url);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('reports throughput, latency, write-path, memory and read figures for every mode', async () => {
    const t0 = performance.now();
    const config: BenchConfig = structuredClone(PRESETS.smoke);
    const { report } = await runBench({
      config,
      command: 'jest bench-smoke',
      stack: { kind: 'provided', stack, redis: false },
      inlineAgents: true,
      outDir: null,
      log: process.env.BENCH_LOG ? (line) => console.log(`${((performance.now() - t0) / 1000).toFixed(1)}s ${line}`) : () => undefined,
    });

    const chat = report.chat!;
    expect(new Set(chat.steps.map((s) => s.mode))).toEqual(new Set(['ceiling', 'naive', 'shipped']));
    for (const step of chat.steps) {
      expect(step.ackedPerSec).toBeGreaterThan(0);
      expect(step.ack.count).toBeGreaterThan(0);
      expect(step.ack.p99).toBeGreaterThanOrEqual(step.ack.p50);
      expect(step.deliveredPerSec).toBeGreaterThan(0);
      expect(step.delivery.count).toBeGreaterThan(0);
      expect(typeof step.errors).toBe('object');
      expect(Object.keys(step.processes)).toEqual(expect.arrayContaining(['socket', 'api', 'postgres', 'loadgen']));
      expect(step.processes.socket.cpuSeconds).toBeGreaterThanOrEqual(0);
      // Only the batching mode has batch counters, and they saw this step's chats.
      if (step.mode === 'shipped') {
        expect(step.batches).not.toBeNull();
        expect(step.batches!.perSec).toBeGreaterThan(0);
        expect(step.batches!.avgSize).toBeGreaterThanOrEqual(1);
        // Each request is an HTTP round trip and a commit: it takes some time.
        expect(step.batches!.avgRequestMs).toBeGreaterThan(0);
        expect(step.batches!.avgQueuedMs).toBeGreaterThanOrEqual(0);
      } else {
        expect(step.batches).toBeNull();
      }
    }

    const writer = report.writer!;
    expect(writer.batchSize).toBe(config.writer!.batchSize);
    expect(writer.batches).toBeGreaterThan(0);
    expect(writer.messagesPerSec).toBeGreaterThan(0);
    expect(writer.batch.count).toBe(writer.batches);
    expect(writer.batch.p99).toBeGreaterThanOrEqual(writer.batch.p50);
    expect(writer.cpuUsPerMessage.api).toBeGreaterThan(0);
    expect(writer.cpuUsPerMessage.postgres).toBeGreaterThan(0);
    // Every chat it timed was stored (each batch answered ok), warm-up included.
    const [{ stored }] = await querySql<{ stored: string }>('SELECT count(*) AS stored FROM messages WHERE content LIKE $1', [
      `%: ${WRITER_CHAT_TEXT}`,
    ]);
    expect(Number(stored)).toBe((config.writer!.warmupBatches + writer.batches) * writer.batchSize);

    const memory = report.memory!;
    expect(memory.connected).toBe(config.memory!.connections);
    expect(memory.failed).toBe(0);
    expect(Number.isFinite(memory.rssPerConnKb)).toBe(true);
    expect(memory.heapPerConnKb).not.toBeNull();

    const read = report.read!;
    expect(read.unreadCorrect).toBe(true);
    expect(read.messagesInTable).toBeGreaterThanOrEqual(config.read!.channels * config.read!.messagesPerChannel);
    expect(read.unread.count).toBe(config.read!.unreadRequests);
    expect(read.unread.p99).toBeGreaterThan(0);
    expect(read.floor.count).toBe(config.read!.unreadRequests);
    expect(read.floor.p50).toBeGreaterThan(0);
    expect(read.history.newest.count).toBe(config.read!.historyRequests);

    expect(report.targets.map((t) => t.name).length).toBe(5);
  }, 60_000);
});
