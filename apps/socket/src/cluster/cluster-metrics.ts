import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

const REQUEST = 'commu-chat:metrics-request';
const RESPONSE = 'commu-chat:metrics-response';

interface MetricsRequest {
  type: typeof REQUEST;
  id: number;
}

interface MetricsResponse {
  type: typeof RESPONSE;
  id: number;
  text?: string;
  error?: string;
}

/**
 * SOCKET_WORKERS > 1: the node answers `GET /metrics` for all its workers at once, so Prometheus
 * scrapes one target per node as it does for a single process. The primary owns the port but hands
 * every connection to a worker (sticky sessions), so the worker that gets the scrape asks the
 * primary, which gathers every worker's registry over IPC with prom-client's AggregatorRegistry
 * (counters and histograms added up, gauges summed, a few process figures averaged or the first
 * taken) and sends the text back. The primary's own process metrics are not in it: it only passes
 * connections on.
 */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    if (!isMessage<MetricsRequest>(message, REQUEST)) return;
    const reply = (response: Omit<MetricsResponse, 'type' | 'id'>) => {
      if (worker.isConnected()) worker.send({ type: RESPONSE, id: message.id, ...response } satisfies MetricsResponse);
    };
    aggregator.clusterMetrics().then(
      (text) => reply({ text }),
      (err: unknown) => reply({ error: err instanceof Error ? err.message : String(err) }),
    );
  });
}

/** A worker's side of the node's metrics. */
export interface WorkerMetrics {
  /** Lets the primary read this registry (until then the worker answers it with nothing). */
  share(registry: Registry): void;
  /** The whole node's metrics, from the primary. */
  nodeMetrics(): Promise<string>;
}

/**
 * In a worker, first thing: answers the primary's requests from now on, so that a worker still
 * booting (a replacement) adds nothing to a scrape instead of holding it until prom-client's 5 s
 * timeout fails it.
 */
export function joinClusterMetrics(timeoutMs = 6000): WorkerMetrics {
  AggregatorRegistry.setRegistries([]);
  // Constructing one is what installs prom-client's worker-side listener for the primary's requests.
  new AggregatorRegistry();
  const pending = new Map<number, (response: MetricsResponse) => void>();
  let nextId = 0;
  process.on('message', (message: unknown) => {
    if (isMessage<MetricsResponse>(message, RESPONSE)) pending.get(message.id)?.(message);
  });
  return {
    share: (registry) => AggregatorRegistry.setRegistries([registry]),
    nodeMetrics: () =>
      new Promise<string>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => settle({ type: RESPONSE, id, error: 'the primary did not answer' }), timeoutMs);
        const settle = (response: MetricsResponse) => {
          clearTimeout(timer);
          pending.delete(id);
          if (response.text !== undefined) resolve(response.text);
          else reject(new Error(`cluster metrics: ${response.error ?? 'no answer'}`));
        };
        pending.set(id, settle);
        process.send?.({ type: REQUEST, id } satisfies MetricsRequest);
      }),
  };
}

function isMessage<T extends { type: string }>(message: unknown, type: T['type']): message is T {
  return message !== null && typeof message === 'object' && (message as { type?: unknown }).type === type;
}
