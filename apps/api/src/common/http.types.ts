import type { IncomingMessage, ServerResponse } from 'node:http';

/** The few parts of Express's request and response the API touches (the repo has no @types/express). */
export interface HttpRequest extends IncomingMessage {
  method: string;
  originalUrl: string;
  path: string;
  accepts(type: string): string | false;
}

export interface HttpResponse extends ServerResponse {
  status(code: number): this;
  json(body: unknown): this;
  sendFile(path: string, callback: (err?: Error) => void): void;
}

export type NextFunction = (err?: unknown) => void;
