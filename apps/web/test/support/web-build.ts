import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { WEB_DIST_DIR } from './web-stack';

/**
 * The browser tests need the built page. `npm test` builds it first; a test run on its own
 * (e.g. `npx jest apps/web`) builds it here when it is missing. NODE_ENV is forced because
 * jest sets it to `test`, which would make Vite bundle React's development build.
 */
export function ensureWebBuild(): void {
  if (existsSync(path.join(WEB_DIST_DIR, 'index.html'))) return;
  const webDir = path.resolve(__dirname, '../..');
  execFileSync('npm', ['run', 'build', '--silent', '--', '--logLevel', 'warn'], {
    cwd: webDir,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
