/**
 * `npm run sync-worker -- <command>`: the sync worker's operator CLI (sync-worker/src/cli.ts) on
 * the databases `npm start` uses, found the same way (scripts/lib/infra.ts): PG_URL_EU and
 * PG_URL_CN when set; else npm start's embedded PostgreSQL (EMBEDDED_PG_PORT, EMBEDDED_PG_DATA and
 * the password stored in its data directory), reached while npm start runs or started for the
 * command. `--eu` / `--cn` name the databases explicitly; with NODE_ENV=production only the
 * PG_URL_* or those flags count. The CLI's exit status is this command's.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '@miw/local-infra';
import { embeddedLocation, findPostgres, type Databases } from './lib/infra';

const say = (line: string) => process.stderr.write(`${line}\n`);

/** Nothing to run on: exit status 2, as the CLI's own usage errors. */
class NoDatabases extends Error {}

/** The databases to hand to the CLI, or null when it gets none (it then names what is missing). */
async function databases(args: string[], env: NodeJS.ProcessEnv): Promise<Databases | null> {
  if (args.some((a) => /^--(eu|cn)(=|$)/.test(a))) return null;
  if (env.NODE_ENV === 'production') return null;
  const found = await findPostgres(say, env);
  if (found) return found;
  throw new NoDatabases(
    `no databases: set PG_URL_EU and PG_URL_CN (or --eu / --cn), or run npm start once: its embedded PostgreSQL keeps its data in ${embeddedLocation(env).shown} (EMBEDDED_PG_DATA), which does not exist yet`,
  );
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'sync-worker', 'src', 'cli.ts'), ...args], { cwd: REPO_ROOT, env, stdio: 'inherit' });
  // Ctrl-C reaches the CLI through the terminal's process group; this process waits for it.
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', ignore);
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const dbs = await databases(args, process.env);
  try {
    return await runCli(args, { ...process.env, ...(dbs ? { PG_URL_EU: dbs.eu, PG_URL_CN: dbs.cn } : {}) });
  } finally {
    await dbs?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`sync-worker: ${(error as Error).message}`);
    process.exit(error instanceof NoDatabases ? 2 : 1);
  },
);
