import path from 'node:path';
import { parseArgs } from 'node:util';
import { PRESETS, type BenchConfig } from './bench-config';
import { markdownReport } from './report/markdown';
import { runBench, type StackChoice } from './run-bench';
import { DEFAULT_ADMIN_URL } from './stack/bench-database';
import { CHAT_MODES } from './stack/bench-stack';

const USAGE = `npm run bench -- [options]

  --preset smoke|quick|full   size of the run (default quick)
  --only chat,writer,memory,read  parts to run (default all)
  --modes ceiling,naive,shipped  chat modes to compare side by side (default all three)
  --variant NAME:BASE:VAR=V[+VAR=V]  one more mode: BASE's settings plus socket-app variables,
                              e.g. --variant batch64:shipped:CHAT_BATCH_MAX=64 (repeatable)
  --rates 1000,5000,10000     open-loop offered msgs/s (overrides the preset)
  --closed-window N           closed-loop messages in flight per socket, 0 = none
  --measure S                 seconds measured per chat step
  --agents N                  load-generator processes for the chat run
  --connections N             idle sockets of the memory run
  --channels N                reader's channels in the read run
  --messages-per-channel N    seeded messages per channel in the read run
  --target api=URL,socket=URL[,internal=URL]  drive a running stack instead of starting one (one mode);
                              internal= is the API's internal listener, for the writer run
  --database-url URL          with --target: lets the read run seed data
                              (and INTERNAL_TOKEN in the environment lets the writer run post batches)
  --redis [URL]               start the socket apps with a Redis adapter (REDIS_URL or local)
  --cluster N                 two more modes, each N shipped socket nodes on their own URLs sharing
                              Redis (implies --redis): cluster-routed places members where the
                              endpoint route says, cluster-spread deals them round-robin over the
                              nodes (as a session-hashing load balancer does); both report Redis
                              publishes per message and duplicate deliveries
  --keep-db                   keep the bench database afterwards
  --out DIR                   where results go (default bench/results/<time>-<preset>)

Starts Postgres-backed API and socket apps from dist/ (DATABASE_URL, else ${DEFAULT_ADMIN_URL},
a fresh database per run), drives them from forked socket.io-client processes, and writes
report.json, report.md and chat.svg.`;

function list(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function numbers(value: string | undefined): number[] | undefined {
  return list(value)?.map((s) => {
    const n = Number(s);
    if (!Number.isFinite(n) || n < 0) throw new Error(`not a number: ${s}`);
    return n;
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      preset: { type: 'string', default: 'quick' },
      only: { type: 'string' },
      modes: { type: 'string' },
      variant: { type: 'string', multiple: true },
      rates: { type: 'string' },
      'closed-window': { type: 'string' },
      measure: { type: 'string' },
      agents: { type: 'string' },
      connections: { type: 'string' },
      channels: { type: 'string' },
      'messages-per-channel': { type: 'string' },
      target: { type: 'string' },
      'database-url': { type: 'string' },
      redis: { type: 'string' },
      cluster: { type: 'string' },
      'keep-db': { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const preset = PRESETS[values.preset ?? 'quick'];
  if (!preset) throw new Error(`unknown preset ${values.preset}; use smoke, quick or full`);
  const config: BenchConfig = structuredClone({ ...preset, modes: preset.modes });
  const only = list(values.only);
  if (only) {
    if (!only.includes('chat')) config.chat = null;
    if (!only.includes('writer')) config.writer = null;
    if (!only.includes('memory')) config.memory = null;
    if (!only.includes('read')) config.read = null;
  }
  const modes = list(values.modes);
  if (modes) {
    config.modes = modes.map((name) => {
      const mode = CHAT_MODES.find((m) => m.name === name);
      if (!mode) throw new Error(`unknown mode ${name}; use ${CHAT_MODES.map((m) => m.name).join(', ')}`);
      return mode;
    });
  }
  for (const spec of values.variant ?? []) {
    const [name, baseName, ...rest] = spec.split(':');
    const vars = rest.join(':');
    const base = CHAT_MODES.find((m) => m.name === baseName);
    if (!name || !base)
      throw new Error(`--variant ${spec}: want NAME:BASE:VAR=V[+VAR=V], BASE one of ${CHAT_MODES.map((m) => m.name).join(', ')}`);
    // Split at the first '=' only: a value may hold '=' or ':' itself (NODE_OPTIONS=--require=/x).
    const env = Object.fromEntries(
      vars
        .split('+')
        .filter(Boolean)
        .map((kv) => {
          const at = kv.indexOf('=');
          if (at < 1) throw new Error(`--variant ${spec}: "${kv}" is not VAR=V`);
          return [kv.slice(0, at), kv.slice(at + 1)];
        }),
    );
    config.modes.push({ name, writeMode: base.writeMode, env });
  }
  if (values.cluster !== undefined) {
    const nodes = Number(values.cluster);
    if (!Number.isInteger(nodes) || nodes < 2) throw new Error('--cluster N: N is a number of socket nodes, at least 2');
    values.redis ??= '';
    config.modes.push({ name: 'cluster-routed', nodes, placement: 'routed' }, { name: 'cluster-spread', nodes, placement: 'spread' });
  }
  if (config.chat) {
    config.chat.openRates = numbers(values.rates) ?? config.chat.openRates;
    if (values['closed-window'] !== undefined) config.chat.closedWindow = Number(values['closed-window']);
    if (values.measure) config.chat.measureMs = Number(values.measure) * 1000;
    if (values.agents) config.chat.agents = Number(values.agents);
  }
  if (config.memory && values.connections) config.memory.connections = Number(values.connections);
  if (config.read && values.channels) config.read.channels = Number(values.channels);
  if (config.read && values['messages-per-channel']) config.read.messagesPerChannel = Number(values['messages-per-channel']);

  let stack: StackChoice;
  if (values.target) {
    const parts = Object.fromEntries((list(values.target) ?? []).map((kv) => kv.split('=', 2) as [string, string]));
    if (!parts.api || !parts.socket) throw new Error('--target needs api=URL,socket=URL');
    // The writer run posts to the API's internal route: it needs the token the target was started with.
    stack = {
      kind: 'target',
      apiUrl: parts.api,
      socketUrl: parts.socket,
      internalUrl: parts.internal,
      databaseUrl: values['database-url'],
      internalToken: process.env.INTERNAL_TOKEN,
    };
  } else {
    const redisUrl = values.redis === undefined ? undefined : values.redis || process.env.REDIS_URL || 'redis://127.0.0.1:6379';
    stack = {
      kind: 'spawned',
      distDir: path.resolve(__dirname, '../..'),
      adminDatabaseUrl: process.env.DATABASE_URL || DEFAULT_ADMIN_URL,
      redisUrl,
      keepDatabase: values['keep-db'] ?? false,
    };
  }

  const root = path.resolve(__dirname, '../../..');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const outDir = path.resolve(values.out ?? path.join(root, 'bench/results', `${stamp}-${config.preset}`));
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
  const { report, files } = await runBench({ config, command, stack, outDir });
  console.log('');
  console.log(markdownReport(report));
  console.log(`[bench] wrote ${files.map((f) => path.relative(process.cwd(), f)).join(', ')}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
