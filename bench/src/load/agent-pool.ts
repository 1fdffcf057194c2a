import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { LoadAgent } from './load-agent';
import type { AgentCall, AgentResponse, ConnectRequest, ConnectResult, StepResult, StepSpec } from './load-protocol';

/** The coordinator's view of one load generator, forked or inline. */
export interface AgentHandle {
  readonly pid: number;
  connect(req: ConnectRequest): Promise<ConnectResult>;
  step(spec: StepSpec): Promise<StepResult>;
  disconnect(group: string): Promise<void>;
  close(): Promise<void>;
}

class ForkedAgent implements AgentHandle {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly child: ChildProcess) {
    child.on('message', (raw: unknown) => {
      const res = raw as AgentResponse;
      const waiter = this.pending.get(res.id);
      if (!waiter) return;
      this.pending.delete(res.id);
      if (res.ok) waiter.resolve(res.result);
      else waiter.reject(new Error(`load agent ${child.pid}: ${res.error}`));
    });
    child.on('exit', (code, signal) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`load agent ${child.pid} exited (${signal ?? code})`));
      this.pending.clear();
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  private call<T>(call: AgentCall): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ ...call, id });
    });
  }

  connect(args: ConnectRequest): Promise<ConnectResult> {
    return this.call({ method: 'connect', args });
  }

  step(args: StepSpec): Promise<StepResult> {
    return this.call({ method: 'step', args });
  }

  async disconnect(group: string): Promise<void> {
    await this.call({ method: 'disconnect', args: { group } });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.disconnect();
    });
  }
}

class InlineAgent implements AgentHandle {
  private readonly agent = new LoadAgent();
  readonly pid = process.pid;
  connect(req: ConnectRequest): Promise<ConnectResult> {
    return this.agent.connect(req);
  }
  step(spec: StepSpec): Promise<StepResult> {
    return this.agent.runStep(spec);
  }
  async disconnect(group: string): Promise<void> {
    await this.agent.disconnect({ group });
  }
  close(): Promise<void> {
    return this.agent.closeAll();
  }
}

/**
 * `count` forked agents, or one inline agent when `count` is 0 (the in-process smoke test, where
 * there is no compiled worker to fork).
 */
export function startAgents(count: number): AgentHandle[] {
  if (count === 0) return [new InlineAgent()];
  const entry = path.join(__dirname, 'load-worker.js');
  return Array.from({ length: count }, () => new ForkedAgent(fork(entry, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })));
}
