import type { BenchReport } from './bench-report';
import { isShortOfDeliveries } from './short-deliveries';

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const errs = (e: Record<string, number>) =>
  Object.keys(e).length
    ? Object.entries(e)
        .map(([k, v]) => `${k}:${v}`)
        .join(' ')
    : '-';

/** The human-readable side of a report: the tables that go into docs/PERFORMANCE.md. */
export function markdownReport(r: BenchReport): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`# Bench \`${r.preset}\` — ${r.startedAt}`);
  out.push('');
  out.push(`- Command: \`${r.command}\``);
  out.push(`- Machine: ${m.nproc} cores (${m.cpuModel}), ${m.memTotalGb} GB RAM, Node ${m.node}, ${m.platform}`);
  out.push(
    `- Load average at start ${m.loadAvgStart.map((x) => x.toFixed(2)).join(' ')}, at end ${m.loadAvgEnd.map((x) => x.toFixed(2)).join(' ')}`,
  );
  out.push(`- Stack: ${r.stack}${r.redis ? ', Redis adapter on' : ', no Redis (single socket node)'}`);
  out.push('');
  out.push('## Targets');
  out.push('');
  out.push(row(['target', 'goal', 'measured', 'verdict']));
  out.push(row(['---', '---', '---', '---']));
  for (const t of r.targets) out.push(row([t.name, t.target, t.measured, t.pass === null ? 'not measured' : t.pass ? 'met' : '**missed**']));
  out.push('');

  if (r.chat) {
    const c = r.chat;
    out.push('## Chat throughput and latency');
    out.push('');
    out.push(
      `${c.topology.communities} communities x ${c.topology.channelsPerCommunity} channels, ${c.topology.membersPerCommunity} members per channel ` +
        `(${c.topology.socketsPerMode} sockets per mode, every message fans out to ${c.topology.membersPerCommunity - 1} others). ` +
        'Latencies in ms. Ack = emit to `written: true` (open loop: from the scheduled send time); delivery = send to `new-chat` at another member. ' +
        'CPU in % of one core over the measurement window (pg: all of Postgres, in brackets its background processes alone: checkpoints, WAL writer); "other" is what the rest of the machine used meanwhile and "wait" the time ' +
        'runnable tasks queued for a core (Linux PSI), both signs of a noisy run; memory = peak RSS (Postgres: summed PSS of all its processes), MB. ' +
        "Batches (shipped): the socket app's requests to the API per second × chats per request, the mean time a request took and the mean time a chat waited for its request to leave.",
    );
    out.push('');
    out.push(
      row([
        'mode',
        'step',
        'acked/s',
        'ack p50',
        'ack p95',
        'ack p99',
        'deliv/s',
        'deliv p50',
        'deliv p99',
        'deliv ratio (dup)',
        'Redis pub/msg',
        'errors',
        'batches/s × size, request ms (chat queued ms)',
        'CPU socket/api/pg (bg)/loadgen',
        'CPU other / wait',
        'mem socket/api/pg',
      ]),
    );
    out.push(row(Array(16).fill('---')));
    for (const s of c.steps) {
      const p = s.processes;
      const pg = p.postgres ? `${p.postgres.cpuPct}${p.postgresBackground ? ` (${p.postgresBackground.cpuPct})` : ''}` : '-';
      const cpu = [p.socket?.cpuPct ?? '-', p.api?.cpuPct ?? '-', pg, p.loadgen?.cpuPct ?? '-'].join(' / ');
      const other = ['other', 'cpuWait'].map((k) => p[k]?.cpuPct ?? '-').join(' / ');
      const mem = ['socket', 'api', 'postgres'].map((k) => p[k]?.peakMemMb ?? '-').join(' / ');
      out.push(
        row([
          s.mode,
          s.kind === 'open' ? `open ${s.offered}/s` : `closed w=${s.window}`,
          s.ackedPerSec,
          s.ack.p50,
          s.ack.p95,
          s.ack.p99,
          s.deliveredPerSec,
          s.delivery.p50,
          s.delivery.p99,
          `${s.deliveryRatio}${s.duplicates === null ? '' : ` (${s.duplicates} dup)`}${isShortOfDeliveries(s) ? ' **short**' : ''}`,
          s.redisPublishesPerMsg ?? '-',
          errs(s.errors),
          s.batches ? `${s.batches.perSec} × ${s.batches.avgSize}, ${s.batches.avgRequestMs} ms (queued ${s.batches.avgQueuedMs})` : '-',
          cpu,
          other,
          mem,
        ]),
      );
    }
    if (Object.keys(c.saturated).length) {
      out.push('');
      out.push(
        `Saturated (higher open-loop rates skipped): ${Object.entries(c.saturated)
          .map(([k, v]) => `${k} at ${v}/s`)
          .join(', ')}.`,
      );
    }
    const closed = c.steps.filter((s) => s.kind === 'closed' && s.ackedPerSec > 0);
    if (closed.length) {
      out.push('');
      out.push('CPU per acked message in the closed-loop steps, ms of one core (what each process spends to carry one message at the peak):');
      out.push('');
      const groups = ['socket', 'api', 'postgres', 'loadgen'];
      out.push(row(['mode', ...groups, 'server total (socket + api + postgres)']));
      out.push(row(Array(groups.length + 2).fill('---')));
      for (const s of closed) {
        const perMsg = (k: string) => (s.processes[k] ? (s.processes[k].cpuPct * 10) / s.ackedPerSec : 0);
        const fmt = (ms: number) => ms.toFixed(3);
        out.push(row([s.mode, ...groups.map((k) => fmt(perMsg(k))), fmt(perMsg('socket') + perMsg('api') + perMsg('postgres'))]));
      }
    }
    out.push('');
  }

  if (r.writer) {
    const w = r.writer;
    out.push('## Write path, straight to the API');
    out.push('');
    out.push(
      `Batches of ${w.batchSize} new chats over ${w.channels} channels posted to \`/internal/chat-batch\` one at a time (no sockets, no fan-out). CPU in µs of one core per stored message.`,
    );
    out.push('');
    out.push(row(['batches', 'msg/s', 'batch p50', 'batch p95', 'batch p99', 'CPU api', 'CPU postgres']));
    out.push(row(Array(7).fill('---')));
    out.push(row([w.batches, w.messagesPerSec, w.batch.p50, w.batch.p95, w.batch.p99, w.cpuUsPerMessage.api, w.cpuUsPerMessage.postgres]));
    out.push('');
  }

  if (r.memory) {
    const mm = r.memory;
    out.push('## Idle connections');
    out.push('');
    out.push(
      row([
        'sockets',
        'communities',
        'channels joined each',
        'socket RSS before → after (MB)',
        'RSS per socket',
        'heap per socket',
        'heap+external per socket',
        'failed',
      ]),
    );
    out.push(row(Array(8).fill('---')));
    out.push(
      row([
        mm.connected,
        mm.communities,
        mm.channelsJoinedPerSocket,
        `${mm.rssBeforeMb} → ${mm.rssAfterMb}`,
        `${mm.rssPerConnKb} KB`,
        `${mm.heapPerConnKb ?? 'n/a'} KB`,
        `${mm.jsPerConnKb ?? 'n/a'} KB`,
        mm.failed,
      ]),
    );
    out.push('');
  }

  if (r.read) {
    const rd = r.read;
    out.push('## Reads');
    out.push('');
    out.push(
      `One reader in ${rd.channels} channels of ${rd.messagesPerChannel} messages each; the messages table holds ${rd.messagesInTable} rows. Sequential requests, ms, measured at the client.`,
    );
    out.push('');
    out.push(row(['request', 'n', 'p50', 'p95', 'p99', 'max']));
    out.push(row(Array(6).fill('---')));
    out.push(
      row([
        `GET /api/me/unread (correct: ${rd.unreadCorrect ? 'yes' : '**no**'})`,
        rd.unread.count,
        rd.unread.p50,
        rd.unread.p95,
        rd.unread.p99,
        rd.unread.max,
      ]),
    );
    out.push(
      row([
        'GET /api/me (the floor: auth and HTTP, in turns with unread)',
        rd.floor.count,
        rd.floor.p50,
        rd.floor.p95,
        rd.floor.p99,
        rd.floor.max,
      ]),
    );
    for (const [name, h] of Object.entries(rd.history))
      out.push(row([`GET /api/channels/:id/messages (${name})`, h.count, h.p50, h.p95, h.p99, h.max]));
    for (const [name, h] of Object.entries(rd.search ?? {}))
      out.push(row([`GET /api/communities/:id/search (${name})`, h.count, h.p50, h.p95, h.p99, h.max]));
    out.push('');
  }
  return out.join('\n');
}
