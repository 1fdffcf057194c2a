import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../scripts/embedded-postgres';
import { freePort } from './free-port';

/** The last fallback for Postgres: the launcher's embedded Postgres, on a free port, in a temp dir. */
export async function startEmbeddedTestPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'commu-chat-test-pg-'));
  const log = (line: string) => console.log(`[tests] ${line}`);
  const remove = () => fs.rmSync(dataDir, { recursive: true, force: true });
  try {
    const database = await startEmbeddedPostgres(dataDir, await freePort(), log);
    return {
      url: database.url,
      stop: async () => {
        await database.stop();
        remove();
        // As root the data may live outside dataDir (embedded-postgres-access.ts): remove it too.
        if (!database.databaseDir.startsWith(dataDir)) fs.rmSync(path.dirname(database.databaseDir), { recursive: true, force: true });
      },
    };
  } catch (err) {
    remove();
    throw err;
  }
}
