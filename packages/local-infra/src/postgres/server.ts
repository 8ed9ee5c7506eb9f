/**
 * The server process: started in its own session with a parent-death signal where available,
 * ready once it logs that it accepts connections, stopped with a fast shutdown.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import type { Binaries } from './binaries';
import type { RunAs } from './data-dir';
import { childEnv, within, type Log } from './process';
import { untilReady } from './readiness';

const MAX_CONNECTIONS = 300; // ~20 services x 10 pool connections + tests and tooling
/** Custom setting put on the postmaster's command line to recognise our servers and their owner. */
export const OWNER_SETTING = 'miw.embedded_owner_pid';

let setprivChecked: string | null | undefined;

/** util-linux `setpriv` able to set a parent-death signal, if any. */
function findSetpriv(): string | null {
  if (setprivChecked !== undefined) return setprivChecked;
  setprivChecked = null;
  if (process.platform !== 'linux') return null;
  for (const candidate of ['/usr/bin/setpriv', '/bin/setpriv']) {
    try {
      execFileSync(candidate, ['--pdeathsig', 'INT', '--', 'true'], { stdio: 'ignore', timeout: 5_000 });
      setprivChecked = candidate;
      break;
    } catch {
      // missing or too old (--pdeathsig needs util-linux >= 2.33)
    }
  }
  return setprivChecked;
}

/** The postmaster's arguments: data directory, port and settings (TCP only, UTC, our owner mark); `extra` overrides all but the owner mark. */
export function postmasterArgs(dataDir: string, port: number, fast: boolean, ownerPid = process.pid, extra: Record<string, string> = {}): string[] {
  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '', // TCP only: no socket/lock files in /tmp, no socket path length limit
    max_connections: MAX_CONNECTIONS,
    timezone: 'UTC',
    log_timezone: 'UTC',
    ...(fast ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
    ...extra,
    [OWNER_SETTING]: ownerPid,
  };
  return ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
}

/** Starts the server; resolves with its process once it accepts connections (see readiness.ts). */
export async function launch(dataDir: string, port: number, bin: Binaries, runAs: RunAs | undefined, fast: boolean, timeoutMs: number, log: Log, settings: Record<string, string> = {}): Promise<ChildProcess> {
  const pgArgs = postmasterArgs(dataDir, port, fast, process.pid, settings);
  const setpriv = findSetpriv();
  // setpriv runs after the uid switch (a credential change would clear the death signal) and execs postgres (same pid).
  const [command, args] = setpriv ? [setpriv, ['--pdeathsig', 'INT', '--', bin.postgres, ...pgArgs]] : [bin.postgres, pgArgs];
  // detached: own session, so a terminal Ctrl-C/hang-up goes to the caller only; it decides when to stop().
  const child = spawn(command, args, { ...runAs, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  await untilReady(child, { command, port, timeoutMs, log });
  log(`embedded-postgres: PostgreSQL ${bin.version} ready on 127.0.0.1:${port} (pid ${child.pid}, data ${dataDir})`);
  return child;
}

export async function shutdown(child: ChildProcess, log: Log): Promise<void> {
  const closed = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  if (child.exitCode === null && child.signalCode === null) {
    log(`embedded-postgres: stopping PostgreSQL (pid ${child.pid}, fast shutdown)`);
    child.kill('SIGINT'); // fast shutdown: roll back open transactions, disconnect clients, checkpoint
    if (!(await within(closed, 60_000))) {
      log('embedded-postgres: fast shutdown timed out; immediate shutdown');
      child.kill('SIGQUIT');
      if (!(await within(closed, 10_000))) child.kill('SIGKILL');
    }
  }
  await closed;
  child.stdout?.destroy();
  child.stderr?.destroy();
}
