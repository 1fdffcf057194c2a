import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
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
