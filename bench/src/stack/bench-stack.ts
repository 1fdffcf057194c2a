/** A chat write mode the bench compares; `env` is what the socket app is started with. */
export interface ModeSpec {
  /** `ceiling`, `naive`, `shipped`, or `target` when the bench drives a running stack. */
  name: string;
  /** `CHAT_WRITE_MODE` for the socket app; undefined = the shipped default. */
  writeMode?: string;
  /** More environment for this mode's socket app (`--variant` experiments, e.g. a batch size). */
  env?: Record<string, string>;
  /** Socket nodes (processes, each its own URL) for this mode; default 1. More than 1 needs Redis. */
  nodes?: number;
  /**
   * With several nodes, where members connect: `routed` where the endpoint route says (with its
   * query), `spread` round-robin over the nodes whatever their community (what a load balancer
   * hashing sessions does).
   */
  placement?: 'routed' | 'spread';
}

export const CHAT_MODES: ModeSpec[] = [{ name: 'ceiling', writeMode: 'relay' }, { name: 'naive', writeMode: 'naive' }, { name: 'shipped' }];

export interface MemoryUsageSample {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface RunningSocket {
  mode: string;
  /** `http://host:port`; namespaces are appended to it. */
  url: string;
  pid: number;
  /** Every node of the mode (the first is `url`/`pid`). */
  nodes: { url: string; pid: number }[];
  /** `process.memoryUsage()` of the socket process after a full GC; null when it cannot be asked. */
  memory(): Promise<MemoryUsageSample | null>;
}

export interface BenchStack {
  kind: 'spawned' | 'in-process' | 'target';
  apiUrl: string;
  apiPid: number;
  /** The API's INTERNAL_TOKEN, when known: the writer run posts chat batches as the socket app does. */
  internalToken?: string;
  /** The API's internal listener (`/internal/*`), when known: where the writer run posts. */
  internalUrl?: string;
  /** Set when the bench may seed and inspect the database directly (the read run). */
  databaseUrl?: string;
  /** Whether several socket apps may run side by side (no shared Redis adapter between them). */
  parallelSockets: boolean;
  startSocket(mode: ModeSpec): Promise<RunningSocket>;
  stopSocket(mode: string): Promise<void>;
  stop(): Promise<void>;
}
