import http from 'node:http';

export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly route: string,
  ) {
    super(`${route} -> ${status}: ${body.slice(0, 300)}`);
    this.name = 'RestError';
  }
}

export interface TimedResponse<T> {
  status: number;
  body: T;
  /** Request written to last byte of the response read, in ms. */
  ms: number;
}

/**
 * A bare keep-alive HTTP/1.1 JSON client on node:http: the bench measures the API, so the client
 * itself should add as little as possible (no retries, no redirects, one parse).
 */
export class RestClient {
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, maxSockets = 32) {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:') throw new Error(`the bench speaks plain http only, not ${url.protocol}`);
    this.host = url.hostname;
    this.port = Number(url.port || 80);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request<T>(method: string, path: string, token?: string, body?: unknown): Promise<TimedResponse<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request({ host: this.host, port: this.port, method, path, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const ms = performance.now() - started;
          const status = res.statusCode ?? 0;
          if (status >= 400) return reject(new RestError(status, text, `${method} ${path}`));
          try {
            resolve({ status, body: (text ? JSON.parse(text) : undefined) as T, ms });
          } catch (err) {
            reject(err);
          }
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  async json<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
    return (await this.request<T>(method, path, token, body)).body;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping the order of results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  });
  await Promise.all(lanes);
  return results;
}
