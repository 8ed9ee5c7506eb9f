/**
 * Prisma CLI helpers for the five domains.
 *   tsx scripts/prisma.ts generate                      generate every domain's client
 *   tsx scripts/prisma.ts new-migration <domain> <name> write prisma/<domain>/migrations/<ts>_<name>/migration.sql
 *   tsx scripts/prisma.ts diff <domain>                 exit 2 when migrations and schema.prisma differ
 * `new-migration` and `diff` replay the migrations on a throw-away shadow database: they need
 * DATABASE_URL pointing at any database of a reachable PostgreSQL server.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DOMAINS } from '@miw/db';

const root = path.resolve(__dirname, '..');
const prismaBin = path.join(root, 'node_modules', '.bin', 'prisma');
const env = { ...process.env, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1', DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://unused@127.0.0.1/unused' };

function prisma(domain: string, args: string[], quiet = false) {
  const res = spawnSync(prismaBin, [...args, '--config', path.join(root, 'prisma', domain, 'prisma.config.ts')], {
    cwd: root,
    env: { ...env, NODE_OPTIONS: `--require ${path.join(root, 'prisma', 'unref-wasm-timers.cjs')}` },
    stdio: quiet ? 'pipe' : 'inherit',
    encoding: 'utf8',
  });
  return res;
}

function usage(): never {
  process.stderr.write('usage: prisma.ts generate | new-migration <domain> <snake_name> | diff <domain>\n');
  process.exit(2);
}

function checkDomain(domain: string | undefined): string {
  if (!domain || !(DOMAINS as readonly string[]).includes(domain)) {
    process.stderr.write(`unknown domain "${domain ?? ''}" (one of ${DOMAINS.join(', ')})\n`);
    process.exit(2);
  }
  return domain;
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'generate') {
  for (const domain of DOMAINS) {
    const res = prisma(domain, ['generate', '--no-hints'], true);
    if (res.status !== 0) {
      process.stderr.write(res.stdout + res.stderr);
      process.exit(res.status ?? 1);
    }
  }
  process.stdout.write(`prisma: generated clients for ${DOMAINS.join(', ')}\n`);
} else if (command === 'diff' || command === 'new-migration') {
  const domain = checkDomain(rest[0]);
  const migrations = path.join(root, 'prisma', domain, 'migrations');
  const out = mkdtempSync(path.join(tmpdir(), 'miw-migration-'));
  const file = path.join(out, 'migration.sql');
  const res = prisma(domain, ['migrate', 'diff', '--from-migrations', migrations, '--to-schema-datamodel', path.join(root, 'prisma', domain, 'schema.prisma'), '--script', '--exit-code', '--output', file]);
  if (res.status !== 0 && res.status !== 2) process.exit(res.status ?? 1);
  if (command === 'diff') process.exit(res.status ?? 0);
  const name = rest[1];
  if (!name || !/^[a-z0-9_]+$/.test(name)) usage();
  if (res.status === 0) {
    process.stdout.write(`${domain}: migrations already match schema.prisma; nothing to write\n`);
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const target = path.join(migrations, `${stamp}_${name}`);
    mkdirSync(target);
    renameSync(file, path.join(target, 'migration.sql'));
    process.stdout.write(`wrote ${path.relative(root, target)}/migration.sql\n`);
  }
  rmSync(out, { recursive: true, force: true });
} else usage();
