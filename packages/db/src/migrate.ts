/**
 * Applies a domain's migrations, in timestamp order, from two folders:
 * - `prisma/<domain>/migrations/<ts>_<name>/migration.sql`: authored by Prisma from schema.prisma;
 * - `prisma/<domain>/sql/<ts>_<name>.sql`: hand-written SQL Prisma cannot model (CHECK
 *   constraints and the like). It is kept out of Prisma's folder because Prisma 6.19's Wasm
 *   schema engine panics when it replays such SQL on its shadow database (`migrate diff`).
 *
 * Prisma authors the SQL (`npm run db:migration:new`); this runner applies it, because the Prisma
 * CLI keeps one `_prisma_migrations` table per database while we keep five domains, each with its
 * own history, in one regional database. The history lives in `<domain>._migrations`; a
 * migration runs whole in one transaction, under an advisory lock, so concurrent runners and
 * re-runs are safe. An applied migration whose file changed is an error: never edit one.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

export const DOMAINS = ['auth', 'catalog', 'inventory', 'orders', 'notify'] as const;
export type Domain = (typeof DOMAINS)[number];

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

const file = (name: string, path: string): MigrationFile => {
  const sql = readFileSync(path, 'utf8');
  return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
};

/** Every migration of a domain folder (`prisma/<domain>`), sorted by name (timestamp first). */
export function readMigrations(domainDir: string): MigrationFile[] {
  const prismaDir = join(domainDir, 'migrations');
  const sqlDir = join(domainDir, 'sql');
  if (!existsSync(prismaDir)) throw new Error(`no migrations folder at ${prismaDir}`);
  const fromPrisma = readdirSync(prismaDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(prismaDir, d.name, 'migration.sql')))
    .map((d) => file(d.name, join(prismaDir, d.name, 'migration.sql')));
  const handWritten = existsSync(sqlDir)
    ? readdirSync(sqlDir)
        .filter((n) => /^\d{14}_[a-z0-9_]+\.sql$/.test(n))
        .map((n) => file(`sql/${n}`, join(sqlDir, n)))
    : [];
  // Timestamp first; on the same timestamp the Prisma migration runs before the hand-written SQL.
  const order = (m: MigrationFile) => `${m.name.replace(/^sql\//, '').slice(0, 14)}${m.name.startsWith('sql/') ? 1 : 0}${m.name}`;
  return [...fromPrisma, ...handWritten].sort((a, b) => order(a).localeCompare(order(b)));
}

export interface MigrateResult {
  domain: string;
  applied: string[];
  skipped: number;
}

export async function migrateDomain(url: string, domain: string, domainDir: string): Promise<MigrateResult> {
  if (!/^[a-z_][a-z0-9_]*$/.test(domain)) throw new Error(`invalid domain ${domain}`);
  const files = readMigrations(domainDir);
  const client = new pg.Client({ connectionString: url, application_name: `migrate:${domain}` });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`miw.migrate.${domain}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${domain}"`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS "${domain}"._migrations (
         name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM "${domain}"._migrations`);
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    for (const file of files) {
      const previous = done.get(file.name);
      if (previous !== undefined) {
        if (previous !== file.checksum) throw new Error(`${domain}: applied migration ${file.name} was modified (checksum mismatch)`);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(file.sql);
        await client.query(`INSERT INTO "${domain}"._migrations (name, checksum) VALUES ($1, $2)`, [file.name, file.checksum]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new Error(`${domain}: migration ${file.name} failed: ${(error as Error).message}`);
      }
      applied.push(file.name);
    }
    return { domain, applied, skipped: files.length - applied.length };
  } finally {
    await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await client.end();
  }
}

/** Migrates every domain of one regional database, in dependency-free order. */
export async function migrateAll(url: string, prismaRoot: string, domains: readonly string[] = DOMAINS): Promise<MigrateResult[]> {
  const results: MigrateResult[] = [];
  for (const domain of domains) results.push(await migrateDomain(url, domain, join(prismaRoot, domain)));
  return results;
}
