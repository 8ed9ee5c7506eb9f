/**
 * The superuser password of a cluster: random per data directory, kept inside it in
 * `miw-superuser-password` (mode 0600, owned like the cluster), so that whoever may read the data
 * may connect and nobody else learns it. A cluster created before that file existed used the fixed
 * password `postgres`: its next start replaces it with a random one (ALTER ROLE) and writes the file.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { Client } from 'pg';
import type { RunAs } from './data-dir';
import type { Log } from './process';

const PASSWORD_FILE = 'miw-superuser-password';
/** The password of clusters created before PASSWORD_FILE. */
export const LEGACY_PASSWORD = 'postgres';

export const newPassword = (): string => randomBytes(24).toString('base64url');

/** Writes `password` into `dir`/PASSWORD_FILE (or `name`), mode 0600, atomically. */
export async function writePasswordFile(dir: string, password: string, runAs: RunAs | undefined, name = PASSWORD_FILE): Promise<void> {
  const file = path.join(dir, name);
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, `${password}\n`, { mode: 0o600 });
  if (runAs) await fs.chown(tmp, runAs.uid, runAs.gid);
  await fs.rename(tmp, file);
}

/** The stored password, or undefined when the cluster predates the file. */
export async function readPasswordFile(dir: string, name = PASSWORD_FILE): Promise<string | undefined> {
  try {
    return (await fs.readFile(path.join(dir, name), 'utf8')).trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Replaces the fixed password of an older cluster (now running on `port`) with a random one.
 * The new password is staged in a `.new` file first: a rotation interrupted after ALTER ROLE is
 * finished by the next start instead of locking the data directory out.
 */
export async function rotateLegacyPassword(dataDir: string, port: number, user: string, runAs: RunAs | undefined, log: Log): Promise<string> {
  const staged = `${PASSWORD_FILE}.new`;
  const pending = await readPasswordFile(dataDir, staged);
  if (pending && (await canLogIn(port, user, pending))) {
    await fs.rename(path.join(dataDir, staged), path.join(dataDir, PASSWORD_FILE));
    return pending;
  }
  const password = pending ?? newPassword();
  if (!pending) await writePasswordFile(dataDir, password, runAs, staged);
  const client = new Client({ host: '127.0.0.1', port, user, password: LEGACY_PASSWORD, database: 'postgres' });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL: ${dataDir} has no ${PASSWORD_FILE} and its superuser refuses the old fixed password (${(error as Error).message}). ` +
        `If you set another password, write it into ${path.join(dataDir, PASSWORD_FILE)} (mode 0600).`,
    );
  }
  try {
    // The statement carries the password: keep it out of the server log even if it fails.
    await client.query(`SET log_statement = 'none'`);
    await client.query(`SET log_min_error_statement = 'panic'`);
    await client.query(`ALTER ROLE ${client.escapeIdentifier(user)} PASSWORD ${client.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
  await fs.rename(path.join(dataDir, staged), path.join(dataDir, PASSWORD_FILE));
  log(`embedded-postgres: ${dataDir} still used the fixed password "${LEGACY_PASSWORD}"; replaced by a random one kept in ${PASSWORD_FILE} (mode 0600)`);
  return password;
}

async function canLogIn(port: number, user: string, password: string): Promise<boolean> {
  const client = new Client({ host: '127.0.0.1', port, user, password, database: 'postgres' });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
