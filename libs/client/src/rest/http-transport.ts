import { HTTP_STATUS_BY_CODE, isErrorCode, type ErrorCode } from '@app/shared';
import { ChatError, isErrorInfo } from '../errors/chat-error';

export interface HttpTransportOptions {
  /** Origin (and optional path prefix) of the API, e.g. `http://localhost:3000`; `''` means same origin in a browser. */
  baseUrl: string;
  /** Returns the bearer token, or null before sign-in. Read per request so a new token applies at once. */
  getToken: () => string | null;
  /** Per-request deadline; a request still running then fails as `unavailable`. Default 15000 ms. */
  timeoutMs?: number;
  /** Injected for tests and for runtimes without a global fetch. */
  fetch?: typeof fetch;
}

const CODE_BY_STATUS = new Map<number, ErrorCode>(Object.entries(HTTP_STATUS_BY_CODE).map(([code, status]) => [status, code as ErrorCode]));

/** JSON over fetch with the contract's error body mapped to ChatError. */
export class HttpTransport {
  private readonly timeoutMs: number;

  constructor(private readonly options: HttpTransportOptions) {
    this.timeoutMs = options.timeoutMs ?? 15000;
  }

  async request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = this.options.getToken();
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const doFetch = this.options.fetch ?? globalThis.fetch.bind(globalThis);

    let response: Response;
    try {
      response = await doFetch(`${this.options.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw ChatError.unavailable(timedOut ? 'The server did not answer in time' : 'The server could not be reached');
    }

    const text = await response.text().catch(() => '');
    const parsed = parseJson(text);
    if (response.ok) return parsed as T;
    throw errorFromResponse(response.status, parsed);
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Prefers the contract body; falls back to the status so a proxy's HTML error page still maps to a code. */
function errorFromResponse(status: number, body: unknown): ChatError {
  const error = (body as { error?: unknown } | undefined)?.error;
  if (isErrorInfo(error)) return ChatError.fromInfo(error, status);
  const code = CODE_BY_STATUS.get(status) ?? (status >= 500 ? 'unavailable' : 'internal_error');
  const message = status === 502 || status === 504 ? 'The server could not be reached' : `Request failed with status ${status}`;
  return new ChatError(isErrorCode(code) ? code : 'internal_error', message, status);
}
