import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchConfig } from './bench-config';
import { PostgresPidTracker } from './lib/postgres-pids';
import { RestClient } from './lib/rest-client';
import { startAgents, type AgentHandle } from './load/agent-pool';
import type { BenchReport, MachineInfo } from './report/bench-report';
import { markdownReport } from './report/markdown';
import { chatChartSvg } from './report/svg-chart';
import { checkTargets } from './report/targets';
import { runChat, type ChatRunReport } from './scenarios/chat-run';
import { runMemory, type MemoryRunReport } from './scenarios/memory-run';
import { runRead, type ReadRunReport } from './scenarios/read-run';
import { runWriter, type WriterRunReport } from './scenarios/writer-run';
import type { BenchStack } from './stack/bench-stack';
import { startSpawnedStack } from './stack/spawned-stack';
import { targetStack } from './stack/target-stack';

export type StackChoice =
  | { kind: 'spawned'; distDir: string; adminDatabaseUrl: string; redisUrl?: string; keepDatabase: boolean }
  | { kind: 'target'; apiUrl: string; socketUrl: string; internalUrl?: string; databaseUrl?: string; internalToken?: string }
  /** A stack the caller started itself (the in-process smoke test); the bench does not stop it. */
  | { kind: 'provided'; stack: BenchStack; redis: boolean };

export interface RunOptions {
  config: BenchConfig;
  command: string;
  stack: StackChoice;
  /** Load generators inline in this process instead of forked (no compiled worker needed). */
  inlineAgents?: boolean;
  /** Where report.json, report.md, chat.svg and logs/ go; null writes nothing. */
  outDir: string | null;
  log?: (line: string) => void;
}

export interface RunOutcome {
  report: BenchReport;
  files: string[];
}

function machine(): MachineInfo {
  return {
    nproc: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memTotalGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadAvgStart: os.loadavg(),
    loadAvgEnd: [],
  };
}

/** Runs the configured parts of the benchmark against one stack and writes the report. */
export async function runBench(options: RunOptions): Promise<RunOutcome> {
  const log = options.log ?? ((line: string) => console.log(`[bench] ${line}`));
  const startedAt = new Date().toISOString();
  const info = machine();
  const config = options.config;
  const outDir = options.outDir;
  if (outDir) fs.mkdirSync(outDir, { recursive: true });
  // Short and unique, because usernames are at most 32 characters.
  const tag = `b${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1296).toString(36)}`;

  let stack: BenchStack;
  let redis = false;
  const choice = options.stack;
  if (choice.kind === 'spawned') {
    redis = Boolean(choice.redisUrl);
    stack = await startSpawnedStack({
      distDir: choice.distDir,
      adminDatabaseUrl: choice.adminDatabaseUrl,
      redisUrl: choice.redisUrl,
      keepDatabase: choice.keepDatabase,
      logDir: path.join(outDir ?? os.tmpdir(), 'logs'),
      log,
    });
  } else if (choice.kind === 'target') {
    stack = targetStack(choice);
  } else {
    stack = choice.stack;
    redis = choice.redis;
  }

  const api = new RestClient(stack.apiUrl, Math.max(32, config.setupConcurrency * 2));
  const agentCount = (n: number) => (options.inlineAgents ? 0 : Math.max(1, n));
  let chat: ChatRunReport | null = null;
  let writer: WriterRunReport | null = null;
  let memory: MemoryRunReport | null = null;
  let read: ReadRunReport | null = null;
  const agentSets: AgentHandle[][] = [];
  const pgPids = new PostgresPidTracker(stack.databaseUrl);
  try {
    await pgPids.start();
    if (config.chat) {
      const modes = stack.kind === 'target' ? [{ name: 'target' }] : config.modes;
      log(
        `chat run: modes ${modes.map((m) => m.name).join(', ')}; open-loop rates ${config.chat.openRates.join(', ')}${config.chat.closedWindow ? `; closed loop w=${config.chat.closedWindow}` : ''}`,
      );
      const agents = startAgents(agentCount(config.chat.agents));
      agentSets.push(agents);
      chat = await runChat({
        stack,
        api,
        agents,
        config: config.chat,
        modes,
        tag: `${tag}c`,
        setupConcurrency: config.setupConcurrency,
        redis,
        redisUrl: stack.kind === 'spawned' && choice.kind === 'spawned' ? choice.redisUrl : undefined,
        postgres: pgPids,
        log,
      });
      await Promise.all(agents.map((a) => a.close()));
    }
    if (config.writer) {
      log(`writer run: batches of ${config.writer.batchSize} posted straight to the API, one at a time`);
      writer = await runWriter({
        stack,
        api,
        config: config.writer,
        tag: `${tag}w`,
        setupConcurrency: config.setupConcurrency,
        postgres: pgPids,
        log,
      });
      if (writer)
        log(
          `  ${writer.messagesPerSec} msg/s, batch p50 ${writer.batch.p50} p99 ${writer.batch.p99} ms; CPU per message: api ${writer.cpuUsPerMessage.api} µs, postgres ${writer.cpuUsPerMessage.postgres} µs`,
        );
    }
    if (config.memory && stack.kind !== 'target') {
      log(`memory run: ${config.memory.connections} idle sockets`);
      const agents = startAgents(agentCount(config.memory.agents));
      agentSets.push(agents);
      memory = await runMemory({ stack, api, agents, config: config.memory, tag: `${tag}i`, setupConcurrency: config.setupConcurrency, log });
      log(
        `  socket RSS ${memory.rssBeforeMb} -> ${memory.rssAfterMb} MB: ${memory.rssPerConnKb} KB RSS, ${memory.heapPerConnKb} KB heap per socket`,
      );
      await Promise.all(agents.map((a) => a.close()));
    }
    if (config.read) {
      log(`read run: ${config.read.channels} channels x ${config.read.messagesPerChannel} messages`);
      read = await runRead({ stack, api, config: config.read, tag: `${tag}r`, log });
      if (read)
        log(
          `  unread p50 ${read.unread.p50} p99 ${read.unread.p99} ms (GET /api/me in turns: p50 ${read.floor.p50} p99 ${read.floor.p99} ms); history newest p99 ${read.history.newest.p99} before p99 ${read.history.before.p99} ms`,
        );
    }
  } finally {
    for (const agents of agentSets) await Promise.all(agents.map((a) => a.close()));
    await pgPids.stop();
    api.close();
    if (choice.kind !== 'provided') await stack.stop();
  }

  info.loadAvgEnd = os.loadavg();
  const report: BenchReport = {
    preset: config.preset,
    command: options.command,
    startedAt,
    finishedAt: new Date().toISOString(),
    stack: stack.kind,
    redis,
    machine: info,
    chat,
    writer,
    memory,
    read,
    targets: checkTargets(chat, memory, read),
  };
  const files: string[] = [];
  if (outDir) {
    const write = (name: string, text: string) => {
      const file = path.join(outDir, name);
      fs.writeFileSync(file, text);
      files.push(file);
    };
    write('report.json', `${JSON.stringify(report, null, 2)}\n`);
    write('report.md', `${markdownReport(report)}\n`);
    if (chat && chat.steps.length)
      write('chat.svg', chatChartSvg(chat.steps, `${config.preset} preset, ${startedAt.slice(0, 16)}Z, ${info.nproc} cores, Node ${info.node}`));
  }
  return { report, files };
}
