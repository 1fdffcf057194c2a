import type { ChatStepReport } from '../scenarios/chat-run';
import { chatChartSeries, type ChartLine } from './chart-series';

/**
 * A hand-written SVG of the chat run: ack latency against offered load (log scale, p50 dashed,
 * p99 solid) and acked against offered throughput, one colour per mode; closed-loop steps as hollow
 * diamonds at their acked rate (latency) and dotted levels (throughput), never joined to the lines.
 * No chart library: the output is a small, diffable file committed under docs/.
 */
const COLORS: Record<string, string> = { ceiling: '#7f7f7f', naive: '#d62728', shipped: '#1f77b4', target: '#2ca02c' };
const W = 460;
const H = 340;
const M = { left: 62, right: 16, top: 34, bottom: 46 };

interface Mark {
  mode: string;
  x: number;
  y: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const fmt = (n: number) => (n >= 1000 ? `${n / 1000}k` : `${n}`);

function niceMax(v: number): number {
  const p = 10 ** Math.floor(Math.log10(Math.max(v, 1)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function diamond(cx: number, cy: number, color: string): string {
  const r = 4.5;
  return `<path d="M${cx.toFixed(1)},${(cy - r).toFixed(1)} l${r},${r} l${-r},${r} l${-r},${-r} z" fill="white" stroke="${color}" stroke-width="1.5"/>`;
}

function panel(
  x0: number,
  title: string,
  xLabel: string,
  yLabel: string,
  series: ChartLine[],
  opts: { logY: boolean; xMax: number; diagonal?: boolean; hlines?: { mode: string; y: number; label: string }[]; marks?: Mark[] },
): string {
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const ys = series
    .flatMap((s) => s.points.map((p) => p[1]))
    .concat((opts.hlines ?? []).map((h) => h.y))
    .concat((opts.marks ?? []).map((m) => m.y));
  const xMax = niceMax(opts.xMax);
  let yMin = 0;
  let yMax = niceMax(Math.max(1, ...ys, opts.diagonal ? opts.xMax : 0));
  if (opts.logY) {
    yMin = 10 ** Math.floor(Math.log10(Math.max(0.1, Math.min(...ys.filter((y) => y > 0), 1))));
    yMax = 10 ** Math.ceil(Math.log10(Math.max(...ys, 10)));
  }
  const sx = (x: number) => x0 + M.left + (x / xMax) * pw;
  const sy = (y: number) =>
    M.top + ph - (opts.logY ? (Math.log10(Math.max(y, yMin)) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin)) : y / yMax) * ph;
  const out: string[] = [];
  out.push(`<text x="${x0 + M.left + pw / 2}" y="20" text-anchor="middle" font-weight="bold">${esc(title)}</text>`);
  // grid and ticks
  const yTicks = opts.logY
    ? Array.from({ length: Math.round(Math.log10(yMax / yMin)) + 1 }, (_, i) => yMin * 10 ** i)
    : Array.from({ length: 6 }, (_, i) => (yMax / 5) * i);
  for (const t of yTicks) {
    out.push(`<line x1="${x0 + M.left}" x2="${x0 + M.left + pw}" y1="${sy(t)}" y2="${sy(t)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${x0 + M.left - 6}" y="${sy(t) + 4}" text-anchor="end">${fmt(+t.toPrecision(3))}</text>`);
  }
  for (let i = 0; i <= 5; i++) {
    const t = (xMax / 5) * i;
    out.push(`<line x1="${sx(t)}" x2="${sx(t)}" y1="${M.top}" y2="${M.top + ph}" stroke="#f0f0f0"/>`);
    out.push(`<text x="${sx(t)}" y="${M.top + ph + 16}" text-anchor="middle">${fmt(+t.toPrecision(3))}</text>`);
  }
  out.push(`<rect x="${x0 + M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
  out.push(`<text x="${x0 + M.left + pw / 2}" y="${H - 8}" text-anchor="middle">${esc(xLabel)}</text>`);
  out.push(`<text transform="translate(${x0 + 14},${M.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`);
  if (opts.diagonal)
    out.push(
      `<line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(Math.min(xMax, yMax))}" y2="${sy(Math.min(xMax, yMax))}" stroke="#bbb" stroke-dasharray="2,3"/>`,
    );
  // Closed-loop peaks as dotted lines; labels pushed apart when the lines are close.
  let lastLabelY = -Infinity;
  for (const h of [...(opts.hlines ?? [])].sort((a, b) => b.y - a.y)) {
    const color = COLORS[h.mode] ?? '#333';
    const labelY = Math.max(sy(h.y) - 4, lastLabelY + 12);
    lastLabelY = labelY;
    out.push(
      `<line x1="${x0 + M.left}" x2="${x0 + M.left + pw}" y1="${sy(h.y)}" y2="${sy(h.y)}" stroke="${color}" stroke-dasharray="1,3" stroke-width="1.5"/>`,
    );
    out.push(`<text x="${x0 + M.left + 6}" y="${labelY}" fill="${color}">${esc(h.label)}</text>`);
  }
  for (const s of series) {
    if (s.points.length === 0) continue;
    const color = COLORS[s.mode] ?? '#333';
    const d = s.points.map(([x, y], i) => `${i ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${s.metric === 'p50' ? ' stroke-dasharray="5,4"' : ''}/>`);
    for (const [x, y] of s.points) out.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3" fill="${color}"/>`);
  }
  for (const m of opts.marks ?? []) out.push(diamond(sx(m.x), sy(m.y), COLORS[m.mode] ?? '#333'));
  return out.join('\n');
}

export function chatChartSvg(steps: ChatStepReport[], caption: string): string {
  const { modes, latency, throughput, closed } = chatChartSeries(steps);
  const xMax = Math.max(1, ...[...latency, ...throughput].flatMap((l) => l.points.map((p) => p[0])), ...closed.map((c) => c.ackedPerSec));
  const closedLatency = closed.flatMap((c) => [c.p50, c.p99].flatMap((y) => (y === null ? [] : [{ mode: c.mode, x: c.ackedPerSec, y }])));
  const closedLevels = closed.map((c) => ({ mode: c.mode, y: c.ackedPerSec, label: `${c.mode} closed loop ${fmt(c.ackedPerSec)}/s` }));
  const legend = modes
    .map(
      (mode, i) =>
        `<g transform="translate(${M.left + i * 130},${H + 12})"><line x1="0" x2="22" y1="0" y2="0" stroke="${COLORS[mode] ?? '#333'}" stroke-width="3"/><text x="28" y="4">${esc(mode)}</text></g>`,
    )
    .join('\n')
    .concat(
      `\n<g transform="translate(${M.left + modes.length * 130},${H + 12})">${diamond(11, 0, '#333')}<text x="28" y="4">closed loop (p50, p99 at its acked rate)</text></g>`,
    );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W * 2}" height="${H + 46}" viewBox="0 0 ${W * 2} ${H + 46}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>
${panel(0, 'Ack latency vs offered load (p50 dashed, p99 solid)', 'offered msgs/s (open loop)', 'ack latency, ms (log)', latency, { logY: true, xMax, marks: closedLatency })}
${panel(W, 'Acked vs offered', 'offered msgs/s (open loop)', 'acked msgs/s (written: true)', throughput, { logY: false, xMax, diagonal: true, hlines: closedLevels })}
${legend}
<text x="${W * 2 - 8}" y="${H + 36}" text-anchor="end" fill="#666">${esc(caption)}</text>
</svg>
`;
}
