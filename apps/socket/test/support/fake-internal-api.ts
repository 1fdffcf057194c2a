import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  INTERNAL_ROUTES,
  INTERNAL_USER_EVENTS_ROUTE,
  type InternalChannelAccessRequest,
  type InternalChatBatchRequest,
  type InternalChatResult,
  type InternalCommunityAccessRequest,
  type InternalReadRequest,
  type Message,
} from '@app/shared';

type Route = keyof typeof INTERNAL_ROUTES;

/** What a fake route does: answer (status + JSON, or a raw string body), or never answer. */
export type FakeAnswer = { status: number; body: unknown } | 'hang';
export type FakeHandler = (body: unknown) => FakeAnswer | Promise<FakeAnswer>;

export interface FakeInternalApi {
  url: string;
  /** Requests received per route, in order. */
  calls: Record<Route, unknown[]>;
  /** Replaces one route's behaviour; without a handler, restores the default one. */
  on(route: Route, handler?: FakeHandler): void;
  close(): Promise<void>;
}

/** A stored message as the real API would return it, for a `new` command. */
export function storedMessage(request: InternalChatBatchRequest['commands'][number], seq: number): Message {
  const chat = request.chat;
  return {
    id: chat.chatType === 'new' ? randomUUID() : chat.messageId,
    communityId: request.communityId,
    channelId: chat.channelId,
    seq,
    author: { id: request.userId, username: `user-${request.userId.slice(0, 8)}` },
    content: chat.chatType === 'delete' ? '' : chat.content,
    clientMsgId: chat.chatType === 'new' ? chat.clientMsgId : 'fake',
    createdAt: new Date().toISOString(),
    editedAt: chat.chatType === 'modify' ? new Date().toISOString() : null,
    deletedAt: chat.chatType === 'delete' ? new Date().toISOString() : null,
  };
}

/**
 * The API's internal routes, faked: lets a test make the API slow, broken or racy on purpose,
 * which the real API cannot be asked to be. By default it admits everyone everywhere and stores
 * nothing but a seq counter.
 */
export async function startFakeInternalApi(): Promise<FakeInternalApi> {
  let seq = 0;
  const defaults: Record<Route, FakeHandler> = {
    communityAccess: (body) => {
      const { userId } = body as InternalCommunityAccessRequest;
      return { status: 200, body: { ok: true, user: { id: userId, username: `user-${userId.slice(0, 8)}` } } };
    },
    channelAccess: (body) => ({ status: 200, body: { allowed: (body as InternalChannelAccessRequest).channelIds, rejected: [] } }),
    chatBatch: (body) => {
      const results: InternalChatResult[] = (body as InternalChatBatchRequest).commands.map((c) => ({
        ok: true,
        message: storedMessage(c, ++seq),
      }));
      return { status: 200, body: { results } };
    },
    read: (body) => ({ status: 200, body: { ok: true, lastReadSeq: (body as InternalReadRequest).seq } }),
    reaction: () => ({ status: 200, body: { ok: false, error: { code: 'not_found', message: 'the fake API stores no reactions' } } }),
  };
  const handlers = { ...defaults };
  const calls: Record<Route, unknown[]> = { chatBatch: [], communityAccess: [], channelAccess: [], read: [], reaction: [] };
  const routeByPath = new Map(Object.entries(INTERNAL_ROUTES).map(([route, path]) => [path as string, route as Route]));

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    const respond = async () => {
      // The user-event stream: held open, with no event ever.
      if (req.url === INTERNAL_USER_EVENTS_ROUTE) return void res.writeHead(200, { 'content-type': 'application/x-ndjson' }).write('\n');
      const route = routeByPath.get(req.url ?? '');
      if (!route) return void res.writeHead(404).end();
      const body: unknown = JSON.parse(raw);
      calls[route].push(body);
      const answer = await handlers[route](body);
      if (answer === 'hang') return;
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    };
    // A handler that throws (or a body that is not JSON) answers 500: the caller sees the failure
    // instead of a request that never ends and an unhandled rejection.
    req.on('end', () => {
      respond().catch((err: unknown) => res.writeHead(500).end(String(err)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    on: (route, handler) => {
      handlers[route] = handler ?? defaults[route];
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
