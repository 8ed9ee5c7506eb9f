/** A stale `postmaster.pid` and servers orphaned by a previous run on the same data directory. */
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { sleep } from '@miw/retry';
import { isAlive, signal, type Log } from './process';
import { OWNER_SETTING } from './server';

/**
 * `postmaster.pid` survives a killed server. PostgreSQL ignores it when its PID is gone, but
 * refuses to start when the PID was reused by any live process of the same OS user (common after
 * a container restart, and the system PostgreSQL runs as that user too). On Linux, decide from
 * /proc instead: the data directory is in use only if a live process has it as working directory
 * (the postmaster and every backend chdir there).
 */
export async function clearStaleLock(dataDir: string, log: Log): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  let content: string;
  try {
    content = await fs.readFile(pidFile, 'utf8');
  } catch {
    return;
  }
  if (process.platform !== 'linux') return; // let PostgreSQL decide
  const lines = content.split('\n');
  const pid = Number(lines[0]);
  const lockPort = lines[3]?.trim() ?? '?';
  const realDir = await fs.realpath(dataDir);

  let users = processesWithCwd(realDir);
  if (users.includes(pid)) {
    const owner = ownerOf(pid);
    if (owner !== undefined && isAlive(owner) && startTime(owner) <= startTime(pid)) {
      throw new Error(
        `embedded PostgreSQL: ${dataDir} is in use by a running PostgreSQL (pid ${pid}, port ${lockPort}) started by process ${owner}. ` +
          `Stop that one first, or use another dataDir.`,
      );
    }
    if (owner === undefined && lines[7]?.trim() !== 'stopping') {
      throw new Error(
        `embedded PostgreSQL: ${dataDir} is in use by a running PostgreSQL (pid ${pid}, port ${lockPort}) that was not ` +
          `started by this module. Stop it (\`kill -INT ${pid}\`) or use another dataDir.`,
      );
    }
    if (lines[7]?.trim() !== 'stopping') {
      log(`embedded-postgres: shutting down the orphaned server of a previous run (pid ${pid}, port ${lockPort}, owner ${owner} is gone)`);
      signal(pid, 'SIGINT');
    } else {
      log(`embedded-postgres: waiting for the previous server (pid ${pid}) to finish shutting down`);
    }
  }
  const deadline = Date.now() + 30_000;
  while (users.length > 0) {
    if (Date.now() > deadline) {
      throw new Error(
        `embedded PostgreSQL: processes ${users.join(', ')} of a previous server still use ${dataDir}. Stop them and retry.`,
      );
    }
    await sleep(100); // polls /proc, no backoff: the old server is shutting down
    users = processesWithCwd(realDir);
  }
  if (existsSync(pidFile)) {
    log(`embedded-postgres: removing stale postmaster.pid (pid ${pid} is not running this data directory)`);
    await fs.rm(pidFile, { force: true });
  }
}

/** PostgreSQL processes (postmaster or backends) whose working directory is `dir`. */
function processesWithCwd(dir: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/cwd`) !== dir) continue;
      if (path.basename(readlinkSync(`/proc/${name}/exe`)).startsWith('postgres')) found.push(Number(name));
    } catch {
      // gone, zombie, or not ours to inspect
    }
  }
  return found;
}

/** The owner pid recorded on the postmaster's command line, if it was started by this module. */
function ownerOf(pid: number): number | undefined {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const setting = argv.find((a) => a.startsWith(`${OWNER_SETTING}=`));
    return setting ? Number(setting.slice(OWNER_SETTING.length + 1)) : undefined;
  } catch {
    return undefined;
  }
}

/** Process start time in clock ticks since boot (field 22 of /proc/<pid>/stat); Infinity if unknown. */
function startTime(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
