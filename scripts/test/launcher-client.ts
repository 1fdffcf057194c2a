import { io, type Socket } from 'socket.io-client';

/** The launchers' REST API, as a client calls it: JSON in and out, any status >= 300 thrown. */
export async function api<T>(base: string, method: string, route: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}/api${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${route} -> ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A socket connected to a namespace URL, without reconnection; `transports` as Socket.IO takes them (default: polling, then upgrade). */
export function connect(url: string, token: string, transports?: ('polling' | 'websocket')[]): Promise<Socket> {
  const socket = io(url, { auth: { token }, forceNew: true, reconnection: false, ...(transports ? { transports } : {}) });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}
