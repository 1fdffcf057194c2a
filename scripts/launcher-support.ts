import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface LauncherSecrets {
  jwtSecret: string;
  internalToken: string;
}

/**
 * Secrets generated once and kept under the data dir, shared by `npm start` and `npm run
 * start:cluster`, so tokens stay valid across restarts and across the two launchers.
 */
export function loadOrCreateSecrets(dataDir: string): LauncherSecrets {
  const file = path.join(dataDir, 'secrets.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as LauncherSecrets;
  const secrets = { jwtSecret: crypto.randomBytes(32).toString('hex'), internalToken: crypto.randomBytes(32).toString('hex') };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

/** Resolves once anything answers HTTP at `url`; fails early if the child exits first. */
export async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited with code ${child.exitCode} before listening`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`nothing answered at ${url} within ${timeoutMs} ms`);
}

/** SIGTERM, then SIGKILL if the child has not exited within `graceMs`; resolves once it is gone. */
export function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
  });
}

/** Whether a TCP connection to the URL's host and port opens: used to name a missing service. */
export function canConnect(url: string, timeoutMs = 1500): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * The browser origins of the web page the API serves on `port`, as a CORS_ORIGIN value: the public
 * host's, and the loopback names a browser on this machine may use instead.
 */
export function webOrigins(publicHost: string, port: number): string {
  return [...new Set([publicHost, 'localhost', '127.0.0.1'].map((host) => `http://${host}:${port}`))].join(',');
}
