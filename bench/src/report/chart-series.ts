import type { ChatStepReport } from '../scenarios/chat-run';

export interface ChartLine {
  mode: string;
  /** What the line draws against the offered rate. */
  metric: 'p50' | 'p99' | 'acked';
  /** [offered msgs/s, value], in offered order: a line never doubles back. */
  points: [number, number][];
}

/** A closed-loop step: it has no offered rate, so it is drawn apart from the lines, at its acked rate. */
export interface ClosedLoopMark {
  mode: string;
  ackedPerSec: number;
  /** Null when nothing was acked `written: true` (no latency to draw). */
  p50: number | null;
  p99: number | null;
}

export interface ChatChartSeries {
  modes: string[];
  latency: ChartLine[];
  throughput: ChartLine[];
  closed: ClosedLoopMark[];
}

/** Log scales cannot show 0 ms. */
const LOG_FLOOR_MS = 0.1;

/**
 * Groups a chat run's steps for the chart: one line per mode and metric, its points in offered-rate
 * order whatever order the steps ran in (the bench interleaves modes, and a report may hold steps
 * from several ladders); closed-loop steps only as marks.
 */
export function chatChartSeries(steps: ChatStepReport[]): ChatChartSeries {
  const modes = [...new Set(steps.map((s) => s.mode))];
  const openOf = (mode: string) =>
    steps.filter((s) => s.mode === mode && s.kind === 'open' && s.offered !== null).sort((a, b) => (a.offered ?? 0) - (b.offered ?? 0));
  const latency: ChartLine[] = [];
  const throughput: ChartLine[] = [];
  for (const mode of modes) {
    const open = openOf(mode);
    // A step with no `written: true` ack has no latency to draw (its errors are in the tables).
    const acked = open.filter((s) => s.ack.count > 0);
    for (const metric of ['p50', 'p99'] as const) {
      latency.push({ mode, metric, points: acked.map((s): [number, number] => [s.offered ?? 0, Math.max(s.ack[metric], LOG_FLOOR_MS)]) });
    }
    throughput.push({ mode, metric: 'acked', points: open.map((s): [number, number] => [s.offered ?? 0, s.ackedPerSec]) });
  }
  const closed = steps
    .filter((s) => s.kind === 'closed')
    .map((s): ClosedLoopMark => {
      const has = s.ack.count > 0;
      return {
        mode: s.mode,
        ackedPerSec: s.ackedPerSec,
        p50: has ? Math.max(s.ack.p50, LOG_FLOOR_MS) : null,
        p99: has ? Math.max(s.ack.p99, LOG_FLOOR_MS) : null,
      };
    });
  return { modes, latency, throughput, closed };
}
