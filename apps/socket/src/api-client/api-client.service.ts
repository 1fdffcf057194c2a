import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  HEALTH_ROUTES,
  INTERNAL_ROUTES,
  type InternalChannelAccessRequest,
  type InternalChannelAccessResponse,
  type InternalChatBatchRequest,
  type InternalChatBatchResponse,
  type InternalCommunityAccessRequest,
  type InternalCommunityAccessResponse,
  type InternalReactionRequest,
  type InternalReactionResponse,
  type InternalReadRequest,
  type InternalReadResponse,
} from '@app/shared';
import { newRequestId, REQUEST_ID_HEADER, RepeatedErrorLog } from '@app/server';
import { Pool } from 'undici';
import type { z } from 'zod';
import { SocketConfig } from '../config/socket-config';
import { describeTransportError, errorFromStatus } from './api-error.mapper';
import { type ApiResult, UNAVAILABLE_FOR_CLIENTS, unavailable } from './api-result';
import {
  channelAccessResponseSchema,
  chatBatchResponseSchema,
  communityAccessResponseSchema,
  reactionResponseSchema,
  readResponseSchema,
} from './internal-response.schemas';

/**
 * The API's internal routes over one keep-alive undici pool. Every method resolves, never rejects:
 * network errors, timeouts, 5xx and bodies that are not the route's answer become `unavailable`.
 */
@Injectable()
export class ApiClient implements OnApplicationShutdown {
  private readonly logger = new Logger(ApiClient.name);
  private readonly pool: Pool;
  private closed = false;
  /** During an outage every call fails; one warning per 5 s says so without flooding the log. */
  private readonly failures = new RepeatedErrorLog(5000);

  constructor(private readonly config: SocketConfig) {
    this.pool = new Pool(config.apiUrl, {
      connections: config.apiConnections,
      // One request per connection at a time: a slow chat batch must not hold up an access check
      // queued behind it. Coalescing chat into batches is the throughput lever, not pipelining.
      pipelining: 1,
      headersTimeout: config.apiTimeoutMs,
      bodyTimeout: config.apiTimeoutMs,
      connectTimeout: config.apiTimeoutMs,
      keepAliveTimeout: 4000,
      // A full chat batch is a few MB at most; anything bigger is not an answer we want to buffer.
      maxResponseSize: 16 * 1024 * 1024,
    });
  }

  /**
   * `timeoutMs` (default and upper bound: the configured API timeout) lets a batch give up when the
   * oldest command in it runs out of time, so that time a command spent queued counts against it too.
   */
  chatBatch(request: InternalChatBatchRequest, timeoutMs?: number): Promise<ApiResult<InternalChatBatchResponse>> {
    return this.post(INTERNAL_ROUTES.chatBatch, request, chatBatchResponseSchema, timeoutMs);
  }

  communityAccess(request: InternalCommunityAccessRequest): Promise<ApiResult<InternalCommunityAccessResponse>> {
    return this.post(INTERNAL_ROUTES.communityAccess, request, communityAccessResponseSchema);
  }

  channelAccess(request: InternalChannelAccessRequest): Promise<ApiResult<InternalChannelAccessResponse>> {
    return this.post(INTERNAL_ROUTES.channelAccess, request, channelAccessResponseSchema);
  }

  read(request: InternalReadRequest): Promise<ApiResult<InternalReadResponse>> {
    return this.post(INTERNAL_ROUTES.read, request, readResponseSchema);
  }

  reaction(request: InternalReactionRequest): Promise<ApiResult<InternalReactionResponse>> {
    return this.post(INTERNAL_ROUTES.reaction, request, reactionResponseSchema);
  }

  /**
   * Resolves when the API answers its liveness probe, rejects with the reason otherwise (the socket
   * app's readiness). Liveness, not readiness: during a database outage the API still answers, with
   * `unavailable` the clients retry on, and taking every socket node out of service would not help.
   */
  async probe(timeoutMs: number): Promise<void> {
    if (this.closed) throw new Error('the socket server is shutting down');
    const response = await this.pool.request({ path: HEALTH_ROUTES.live, method: 'GET', signal: AbortSignal.timeout(timeoutMs) });
    await response.body.dump();
    if (response.statusCode !== 200) throw new Error(`GET ${HEALTH_ROUTES.live} answered ${response.statusCode}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  /** Waits for requests in flight (each bounded by the timeout), then releases the connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.close();
  }

  private async post<T>(path: string, body: unknown, schema: z.ZodType<T>, timeoutMs = this.config.apiTimeoutMs): Promise<ApiResult<T>> {
    if (this.closed) return unavailable('the socket server is shutting down');
    // One id per call (a whole chat batch is one call): the API logs a failure under the same id.
    const requestId = newRequestId();
    let status: number;
    let text: string;
    try {
      const response = await this.pool.request({
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${this.config.internalToken}`,
          [REQUEST_ID_HEADER]: requestId,
        },
        body: JSON.stringify(body),
        // Covers the wait for a free connection too, which undici's own timers do not.
        signal: AbortSignal.timeout(Math.max(1, Math.min(timeoutMs, this.config.apiTimeoutMs))),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (err) {
      return this.failure(path, requestId, describeTransportError(err, this.config.apiTimeoutMs));
    }

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.failure(path, requestId, `the API answered ${status} with a body that is not JSON`);
    }
    if (status >= 200 && status < 300) {
      const parsed = schema.safeParse(json);
      if (parsed.success) return { ok: true, value: parsed.data };
      return this.failure(path, requestId, `the API answered ${status} with an unexpected body (${parsed.error.issues[0]?.message})`);
    }
    const error = errorFromStatus(status, json);
    if (error.code === 'unavailable') return this.failure(path, requestId, error.message);
    return { ok: false, error };
  }

  private failure(path: string, requestId: string, message: string): { ok: false; error: { code: 'unavailable'; message: string } } {
    const note = this.failures.admit('api call failed');
    if (note !== null) this.logger.warn(`POST ${path} [${REQUEST_ID_HEADER} ${requestId}]: ${message}${note}`);
    return { ok: false, error: { code: 'unavailable', message: UNAVAILABLE_FOR_CLIENTS } };
  }
}
