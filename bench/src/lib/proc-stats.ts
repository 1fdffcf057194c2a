import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * CPU and memory of other processes, read from Linux /proc: the bench measures the socket app, the
 * API and Postgres from outside, without any hook in them.
 */
let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** utime + stime of a process, in seconds; null once it is gone. */
export function cpuSeconds(pid: number): number | null {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return null;
  // The command name (field 2) may contain spaces and parentheses: split after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
}

function statusKb(pid: number, key: 'VmRSS' | 'VmHWM'): number | null {
  const status = readText(`/proc/${pid}/status`);
  const match = status && new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : null;
}

export const rssKb = (pid: number) => statusKb(pid, 'VmRSS');
export const peakRssKb = (pid: number) => statusKb(pid, 'VmHWM');

/**
 * Proportional set size: shared pages split among the processes that map them, so that summing
 * the Postgres backends does not count shared_buffers once per backend. Falls back to RSS.
 */
export function pssKb(pid: number): number | null {
  const rollup = readText(`/proc/${pid}/smaps_rollup`);
  const match = rollup && /^Pss:\s+(\d+) kB/m.exec(rollup);
  return match ? Number(match[1]) : rssKb(pid);
}

export function commandName(pid: number): string | null {
  return readText(`/proc/${pid}/comm`)?.trim() ?? null;
}

function allPids(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** Every Postgres process on the machine: postmaster, backends and background workers. */
export function postgresPids(): number[] {
  return allPids().filter((pid) => {
    const comm = commandName(pid);
    return comm === 'postgres' || comm === 'postmaster';
  });
}

export function redisPids(): number[] {
  return allPids().filter((pid) => commandName(pid) === 'redis-server');
}

/** The pid whose socket listens on a TCP port of this machine (for `--target`), or null. */
export function pidListeningOn(port: number): number | null {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = readText(table);
    if (!text) continue;
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const localPort = parseInt(cols[1].split(':')[1], 16);
      if (localPort === port && cols[3] === '0A') inodes.add(cols[9]);
    }
  }
  if (inodes.size === 0) return null;
  for (const pid of allPids()) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
        if (inode && inodes.has(inode)) return pid;
      } catch {
        // the fd closed meanwhile
      }
    }
  }
  return null;
}

/** Busy and total CPU seconds of the whole machine since boot (all cores), from /proc/stat. */
export function machineCpuSeconds(): { busy: number; total: number } {
  const line = readText('/proc/stat')?.split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: (total - idle) / ticksPerSecond(), total: total / ticksPerSecond() };
}

/** Microseconds some runnable task waited for a CPU, since boot (Linux PSI); null without PSI. */
export function cpuPressureUs(): number | null {
  const match = /^some .*total=(\d+)/m.exec(readText('/proc/pressure/cpu') ?? '');
  return match ? Number(match[1]) : null;
}

export interface ProcessGroupSpec {
  name: string;
  /** Called at every sample: Postgres backends come and go. */
  pids: () => number[];
  /** `pss` for groups of processes sharing memory (Postgres), `rss` for single Node processes. */
  memory: 'rss' | 'pss';
  /** A part of another group's processes, reported apart: left out of the sum that gives "other". */
  subsetOf?: string;
}

export interface ProcessGroupUsage {
  /** CPU time over the window as a percentage of one core (200 = both cores of a 2-core box). */
  cpuPct: number;
  cpuSeconds: number;
  /** Highest sampled resident memory of the group during the window, in MB. */
  peakMemMb: number;
  processes: number;
}

/**
 * Samples groups of processes over a window: CPU as the difference of cumulative times between
 * start and stop (processes born during the window count from zero), memory as the peak of samples.
 */
export class ProcessSampler {
  private readonly startCpu = new Map<string, Map<number, number>>();
  private readonly peakKb = new Map<string, number>();
  private readonly seen = new Map<string, Set<number>>();
  private startedAt = 0;
  private machineStart = { busy: 0, total: 0 };
  private pressureStart: number | null = null;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly groups: ProcessGroupSpec[],
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    this.startedAt = performance.now();
    this.machineStart = machineCpuSeconds();
    this.pressureStart = cpuPressureUs();
    for (const group of this.groups) {
      const cpu = new Map<number, number>();
      for (const pid of group.pids()) {
        const s = cpuSeconds(pid);
        if (s !== null) cpu.set(pid, s);
      }
      this.startCpu.set(group.name, cpu);
      this.peakKb.set(group.name, 0);
      this.seen.set(group.name, new Set(cpu.keys()));
    }
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  private sample(): void {
    for (const group of this.groups) {
      let kb = 0;
      for (const pid of group.pids()) {
        kb += (group.memory === 'pss' ? pssKb(pid) : rssKb(pid)) ?? 0;
        this.seen.get(group.name)?.add(pid);
      }
      if (kb > (this.peakKb.get(group.name) ?? 0)) this.peakKb.set(group.name, kb);
    }
  }

  stop(): Record<string, ProcessGroupUsage> {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const wallSeconds = (performance.now() - this.startedAt) / 1000;
    const machine = machineCpuSeconds();
    const pressure = cpuPressureUs();
    const result: Record<string, ProcessGroupUsage> = {};
    for (const group of this.groups) {
      const start = this.startCpu.get(group.name) ?? new Map<number, number>();
      let cpu = 0;
      for (const pid of group.pids()) {
        const now = cpuSeconds(pid);
        if (now !== null) cpu += now - (start.get(pid) ?? 0);
      }
      result[group.name] = {
        cpuPct: wallSeconds > 0 ? Math.round((cpu / wallSeconds) * 1000) / 10 : 0,
        cpuSeconds: Math.round(cpu * 100) / 100,
        peakMemMb: Math.round(((this.peakKb.get(group.name) ?? 0) / 1024) * 10) / 10,
        processes: this.seen.get(group.name)?.size ?? 0,
      };
    }
    // Everything else the machine did meanwhile (other users' work skews a run: it shows here)...
    const ours = this.groups.filter((g) => !g.subsetOf).reduce((sum, g) => sum + result[g.name].cpuSeconds, 0);
    const busy = machine.busy - this.machineStart.busy;
    const pct = (seconds: number) => (wallSeconds > 0 ? Math.round((seconds / wallSeconds) * 1000) / 10 : 0);
    result.other = {
      cpuPct: pct(Math.max(0, busy - ours)),
      cpuSeconds: Math.round(Math.max(0, busy - ours) * 100) / 100,
      peakMemMb: 0,
      processes: 0,
    };
    // ...and how long runnable tasks queued for a CPU: the share of the window the cores were oversubscribed.
    if (pressure !== null && this.pressureStart !== null) {
      const waited = (pressure - this.pressureStart) / 1e6;
      result.cpuWait = { cpuPct: pct(waited), cpuSeconds: Math.round(waited * 100) / 100, peakMemMb: 0, processes: 0 };
    }
    return result;
  }
}
