/**
 * The data directory and its ownership: PostgreSQL refuses to run as root, so as root the server
 * runs as the `postgres` OS user, which must own the data directory and reach it through its parents.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Binaries } from './binaries';
import type { Log } from './process';

const OS_USER = 'postgres';

export interface RunAs {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` OS user. */
export function resolveRunAs(): RunAs | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', OS_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', OS_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    if (Number.isInteger(uid) && Number.isInteger(gid)) return { uid, gid };
  } catch {
    // fall through
  }
  throw new Error(
    `embedded PostgreSQL: running as root, but PostgreSQL refuses to run as root and there is no "${OS_USER}" OS user ` +
      `to run it as. Create one (e.g. \`useradd --system --user-group ${OS_USER}\`) or run as a regular user.`,
  );
}

/**
 * Creates the missing parents of `dataDir` (owned by the postgres user when running as root) and,
 * as root, makes every existing ancestor traversable by that user (adds o+x, never read/write).
 */
export async function prepareParents(dataDir: string, runAs: RunAs | undefined, log: Log): Promise<void> {
  const ancestors: string[] = [];
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    ancestors.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of ancestors) {
    const st = await fs.stat(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (!st) {
      await fs.mkdir(dir, { mode: 0o755 }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
      if (runAs) await fs.chown(dir, runAs.uid, runAs.gid);
      continue;
    }
    if (!st.isDirectory()) throw new Error(`embedded PostgreSQL: ${dir} (a parent of the data directory) is not a directory`);
    if (runAs && !canTraverse(st, runAs)) {
      await fs.chmod(dir, (st.mode & 0o7777) | 0o001);
      log(`embedded-postgres: added o+x to ${dir} so the "${OS_USER}" user can reach the data directory`);
    }
  }
}

function canTraverse(st: { uid: number; gid: number; mode: number }, who: RunAs): boolean {
  if (st.uid === who.uid) return (st.mode & 0o100) !== 0;
  if (st.gid === who.gid) return (st.mode & 0o010) !== 0;
  return (st.mode & 0o001) !== 0;
}

export async function isInitialised(dataDir: string): Promise<boolean> {
  return existsSync(path.join(dataDir, 'PG_VERSION'));
}

export async function checkExistingCluster(dataDir: string, bin: Binaries, runAs: RunAs | undefined, log: Log): Promise<void> {
  const version = (await fs.readFile(path.join(dataDir, 'PG_VERSION'), 'utf8')).trim();
  if (version !== bin.version) {
    throw new Error(
      `embedded PostgreSQL: ${dataDir} holds a PostgreSQL ${version} cluster but the embedded server is PostgreSQL ${bin.version}. ` +
        `Delete the directory to start over (its data is lost) or migrate it with pg_upgrade.`,
    );
  }
  const st = await fs.stat(dataDir);
  if (runAs && (st.uid !== runAs.uid || st.gid !== runAs.gid)) {
    log(`embedded-postgres: giving ${dataDir} to the "${OS_USER}" user`);
    await chownRecursive(dataDir, runAs);
  }
  // postgres refuses a data directory readable by others
  if ((st.mode & 0o027) !== 0) await fs.chmod(dataDir, 0o700);
}

async function chownRecursive(dir: string, who: RunAs): Promise<void> {
  await fs.lchown(dir, who.uid, who.gid);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownRecursive(p, who);
    else await fs.lchown(p, who.uid, who.gid);
  }
}
