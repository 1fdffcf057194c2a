import type { ChatRunReport } from '../scenarios/chat-run';
import type { MemoryRunReport } from '../scenarios/memory-run';
import type { ReadRunReport } from '../scenarios/read-run';
import type { WriterRunReport } from '../scenarios/writer-run';

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  memTotalGb: number;
  node: string;
  platform: string;
  loadAvgStart: number[];
  loadAvgEnd: number[];
}

export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  /** null when the run had no data for it (a preset or mode left out). */
  pass: boolean | null;
}

export interface BenchReport {
  preset: string;
  command: string;
  startedAt: string;
  finishedAt: string;
  stack: 'spawned' | 'in-process' | 'target';
  redis: boolean;
  machine: MachineInfo;
  chat: ChatRunReport | null;
  writer: WriterRunReport | null;
  memory: MemoryRunReport | null;
  read: ReadRunReport | null;
  targets: TargetCheck[];
}
