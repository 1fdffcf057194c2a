import type { ChatStepReport } from '../scenarios/chat-run';
import { chatChartSeries } from './chart-series';
import { chatChartSvg } from './svg-chart';

function step(mode: string, kind: 'open' | 'closed', offered: number | null, ackedPerSec: number, p50 = 5, p99 = 20): ChatStepReport {
  const summary = { count: ackedPerSec > 0 ? 100 : 0, p50, p95: p99, p99, max: p99, mean: p50 };
  return {
    mode,
    kind,
    offered,
    window: kind === 'closed' ? 4 : null,
    measureSeconds: 10,
    sent: ackedPerSec * 10,
    ackedPerSec,
    ack: summary,
    deliveredPerSec: ackedPerSec * 9,
    deliveryRatio: 1,
    duplicates: 0,
    redisPublishesPerMsg: null,
    nodes: 1,
    placement: 'single',
    delivery: summary,
    errors: {},
    disconnects: 0,
    sendLagP99Ms: 1,
    batches: null,
    processes: {},
  };
}

// As a report can hold them: modes interleaved, a second ladder appended, closed loops in between.
const steps = [
  step('ceiling', 'open', 5000, 5000),
  step('shipped', 'open', 5000, 4990, 12, 45),
  step('shipped', 'closed', null, 10005, 79, 116),
  step('shipped', 'open', 1000, 1000, 6, 16),
  step('naive', 'open', 1000, 0),
  step('ceiling', 'closed', null, 17442, 44, 90),
  step('shipped', 'open', 10000, 8800, 285, 725),
  step('ceiling', 'open', 1000, 1000, 1, 5),
  step('shipped', 'open', 2500, 2500, 6, 21),
];

const xs = (points: [number, number][]) => points.map(([x]) => x);

describe('chatChartSeries', () => {
  const series = chatChartSeries(steps);

  it('draws one line per mode and percentile, in offered-rate order', () => {
    expect(series.latency.map((l) => `${l.mode} ${l.metric}`)).toEqual([
      'ceiling p50',
      'ceiling p99',
      'shipped p50',
      'shipped p99',
      'naive p50',
      'naive p99',
    ]);
    const shipped99 = series.latency.find((l) => l.mode === 'shipped' && l.metric === 'p99');
    expect(shipped99?.points).toEqual([
      [1000, 16],
      [2500, 21],
      [5000, 45],
      [10000, 725],
    ]);
    expect(xs(series.throughput.find((l) => l.mode === 'ceiling')?.points ?? [])).toEqual([1000, 5000]);
  });

  it('keeps closed-loop steps out of the lines and marks them at their acked rate', () => {
    for (const line of [...series.latency, ...series.throughput]) expect(xs(line.points)).not.toContain(0);
    expect(series.latency.flatMap((l) => l.points).some(([, y]) => y === 116 || y === 90)).toBe(false);
    expect(series.closed).toEqual([
      { mode: 'shipped', ackedPerSec: 10005, p50: 79, p99: 116 },
      { mode: 'ceiling', ackedPerSec: 17442, p50: 44, p99: 90 },
    ]);
  });

  it('draws no latency for a step without acks, but its throughput', () => {
    expect(series.latency.filter((l) => l.mode === 'naive').map((l) => l.points)).toEqual([[], []]);
    expect(series.throughput.find((l) => l.mode === 'naive')?.points).toEqual([[1000, 0]]);
  });
});

describe('chatChartSvg', () => {
  it('joins every line left to right and draws closed loops as separate diamonds', () => {
    const svg = chatChartSvg(steps, 'test');
    const lines = [...svg.matchAll(/<path d="(M[^"]*)" fill="none" stroke="[^"]+" stroke-width="2"/g)].map((m) => m[1]);
    expect(lines.length).toBe(7); // naive has no latency to draw
    for (const d of lines) {
      const x = [...d.matchAll(/[ML]([\d.]+),/g)].map((m) => Number(m[1]));
      expect(x).toEqual([...x].sort((a, b) => a - b));
    }
    // Two per closed loop (p50, p99) and one in the legend.
    expect(svg.match(/fill="white" stroke=/g)?.length).toBe(5);
  });
});
