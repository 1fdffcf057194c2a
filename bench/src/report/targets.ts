import type { ChatRunReport } from '../scenarios/chat-run';
import type { MemoryRunReport } from '../scenarios/memory-run';
import type { ReadRunReport } from '../scenarios/read-run';
import type { TargetCheck } from './bench-report';

/** Highest acked msgs/s a mode reached in any step of the run (the closed-loop step, usually). */
export function peakAcked(chat: ChatRunReport, mode: string): number | null {
  const rates = chat.steps.filter((s) => s.mode === mode).map((s) => s.ackedPerSec);
  return rates.length ? Math.max(...rates) : null;
}

/** The issue's targets for this 2-core machine, checked against what the run measured. */
export function checkTargets(chat: ChatRunReport | null, memory: MemoryRunReport | null, read: ReadRunReport | null): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const shipped = chat && peakAcked(chat, 'shipped');
  const naive = chat && peakAcked(chat, 'naive');
  const ceiling = chat && peakAcked(chat, 'ceiling');
  checks.push({
    name: 'shipped vs naive, peak acked msg/s',
    target: '>= 3x',
    measured: shipped && naive ? `${(shipped / naive).toFixed(2)}x (${shipped} vs ${naive})` : 'n/a',
    pass: shipped && naive ? shipped >= 3 * naive : null,
  });
  checks.push({
    name: 'shipped vs ceiling, peak acked msg/s',
    target: '>= 50%',
    measured: shipped && ceiling ? `${Math.round((shipped / ceiling) * 100)}% (${shipped} vs ${ceiling})` : 'n/a',
    pass: shipped && ceiling ? shipped >= 0.5 * ceiling : null,
  });
  const at10k = chat?.steps.find((s) => s.mode === 'shipped' && s.kind === 'open' && s.offered === 10_000);
  const saturatedAt = chat?.saturated.shipped;
  const rooms = chat?.topology.membersPerCommunity;
  checks.push({
    name: `10k acked msg/s, rooms of ${rooms ?? 10}, ack p99`,
    target: '>= 9,900 acked/s at p99 <= 50 ms (rooms of 10)',
    measured: at10k
      ? `${at10k.ackedPerSec}/s at p99 ${at10k.ack.p99} ms`
      : saturatedAt !== undefined && saturatedAt < 10_000
        ? `saturated at ${saturatedAt}/s offered; peak ${shipped ?? 0} acked/s`
        : 'n/a (no 10k step for shipped)',
    pass: at10k
      ? at10k.ackedPerSec >= 9_900 && at10k.ack.p99 <= 50 && rooms === 10
      : saturatedAt !== undefined && saturatedAt < 10_000
        ? false
        : null,
  });
  checks.push({
    name: `idle connection, socket RSS (${memory?.connected ?? 0} sockets)`,
    target: '<= 25 KB each',
    measured: memory ? `${memory.rssPerConnKb} KB RSS, ${memory.heapPerConnKb ?? 'n/a'} KB heap` : 'n/a',
    pass: memory ? memory.rssPerConnKb <= 25 && memory.connected >= 10_000 : null,
  });
  checks.push({
    name: `GET /api/me/unread, ${read?.channels ?? 200} channels over ${read ? `${(read.messagesInTable / 1e6).toFixed(2)}M` : '1M'} messages`,
    target: 'p99 <= 10 ms (200 channels, 1M+ messages)',
    measured: read ? `p50 ${read.unread.p50} ms, p99 ${read.unread.p99} ms (GET /api/me in turns: p99 ${read.floor.p99} ms)` : 'n/a',
    pass: read ? read.unread.p99 <= 10 && read.messagesInTable >= 1_000_000 && read.channels >= 200 : null,
  });
  return checks;
}
