/** Creating a cluster with initdb: in a sibling temporary directory, renamed into place when done. */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Binaries } from './binaries';
import { isInitialised, type RunAs } from './data-dir';
import { writePasswordFile } from './password';
import { childEnv, forwardLines, isAlive, type Log } from './process';

export const SUPERUSER = 'postgres';

/**
 * A missing `dataDir` is initialised in a sibling temporary directory then renamed into place, so
 * an init killed half-way never leaves a directory that looks initialised. An existing empty
 * `dataDir` (possibly a mount point, which cannot be replaced) is initialised in place. The
 * superuser's `password` is stored in the cluster directory (./password.ts) before it is renamed
 * into place, so an initialised directory always holds its password.
 */
export async function initCluster(
  dataDir: string,
  bin: Binaries,
  runAs: RunAs | undefined,
  password: string,
  fast: boolean,
  log: Log,
): Promise<void> {
  const existing = await fs.readdir(dataDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing && existing.length > 0) {
    throw new Error(
      `embedded PostgreSQL: ${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION file). ` +
        `Point dataDir to an empty or missing directory.`,
    );
  }
  const parent = path.dirname(dataDir);
  const prefix = `.${path.basename(dataDir)}.initdb-`;
  // leftovers of inits killed half-way: <prefix><pid>.<random>[.pw]
  for (const name of await fs.readdir(parent)) {
    if (name.startsWith(prefix) && !isAlive(Number.parseInt(name.slice(prefix.length), 10))) {
      await fs.rm(path.join(parent, name), { recursive: true, force: true });
    }
  }
  const unique = `${prefix}${process.pid}.${randomBytes(4).toString('hex')}`;
  const target = existing ? dataDir : path.join(parent, unique);
  const pwFile = path.join(parent, `${unique}.pw`);
  await fs.writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  try {
    if (!existing) await fs.mkdir(target, { mode: 0o700 });
    if (runAs) {
      await fs.chown(target, runAs.uid, runAs.gid);
      await fs.chown(pwFile, runAs.uid, runAs.gid);
    }
    log(`embedded-postgres: initialising a PostgreSQL ${bin.version} cluster in ${dataDir}`);
    const args = [
      `--pgdata=${target}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${pwFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
      '--no-instructions',
      ...(fast ? ['--no-sync'] : []),
    ];
    await runToCompletion(bin.initdb, args, runAs, log);
    await writePasswordFile(target, password, runAs);
    if (target !== dataDir) {
      try {
        await fs.rename(target, dataDir);
      } catch (error) {
        if (!(await isInitialised(dataDir))) throw error;
        log(`embedded-postgres: ${dataDir} was initialised concurrently; using it`);
      }
    }
  } finally {
    await fs.rm(pwFile, { force: true });
    if (target !== dataDir) await fs.rm(target, { recursive: true, force: true });
  }
}

function runToCompletion(command: string, args: string[], runAs: RunAs | undefined, log: Log): Promise<void> {
  return new Promise((resolve, reject) => {
    const tail: string[] = [];
    const child = spawn(command, args, { ...runAs, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const onLine = (line: string): void => {
      tail.push(line);
      if (tail.length > 30) tail.shift();
      log(line);
    };
    forwardLines(child.stdout, onLine);
    forwardLines(child.stderr, onLine);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`embedded PostgreSQL: ${path.basename(command)} failed (exit ${code ?? signal}):\n${tail.join('\n')}`));
    });
  });
}
