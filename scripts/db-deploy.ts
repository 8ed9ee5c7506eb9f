/**
 * The database step of a deployment (docker-compose's `migrate` job, a Kubernetes migration Job):
 * creates the regional databases if needed and applies every domain's migrations; with `--seed`
 * it then loads the demo data (both regions, refused with NODE_ENV=production). Unlike
 * `npm run db:migrate` it never starts an embedded server, so it needs nothing from
 * @miw/local-infra and runs from the production image:
 *   node --conditions=miw-dist scripts/dist/db-deploy.js [--seed]
 * Databases: PG_URL_EU and/or PG_URL_CN (one region's job may name only its own), or DATABASE_URL
 * with REGION.
 */
import path from 'node:path';
import { ensureDatabase, migrateAll } from '@miw/db';
import { seedRegions } from './lib/seed';

// scripts/db-deploy.ts in development, scripts/dist/db-deploy.js once built: the same repository root.
const ROOT = path.resolve(__dirname, path.basename(__dirname) === 'dist' ? '../..' : '..');
const say = (line: string) => process.stdout.write(`${line}\n`);

function targets(env: NodeJS.ProcessEnv): Partial<Record<'eu' | 'cn', string>> {
  if (env.PG_URL_EU || env.PG_URL_CN) return { ...(env.PG_URL_EU ? { eu: env.PG_URL_EU } : {}), ...(env.PG_URL_CN ? { cn: env.PG_URL_CN } : {}) };
  if (env.DATABASE_URL && (env.REGION === 'eu' || env.REGION === 'cn')) return { [env.REGION]: env.DATABASE_URL };
  throw new Error('set PG_URL_EU and/or PG_URL_CN, or DATABASE_URL with REGION=eu|cn');
}

async function main() {
  const seed = process.argv.includes('--seed');
  if (seed && process.env.NODE_ENV === 'production') throw new Error('refusing to seed demo data with NODE_ENV=production');
  const dbs = targets(process.env);
  for (const [region, url] of Object.entries(dbs)) {
    const name = decodeURIComponent(new URL(url).pathname.slice(1));
    if (await ensureDatabase(url, name)) say(`postgres: created database ${name}`);
    const results = await migrateAll(url, path.join(ROOT, 'prisma'));
    const applied = results.flatMap((r) => r.applied.map((m) => `${r.domain}/${m}`));
    say(`postgres: ${region} (${name}) migrated${applied.length ? `, applied ${applied.length}` : ' (up to date)'}`);
  }
  if (seed) {
    if (!dbs.eu || !dbs.cn) throw new Error('--seed needs both regions: PG_URL_EU and PG_URL_CN');
    say(`seed: ${await seedRegions({ eu: dbs.eu, cn: dbs.cn })}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`db-deploy failed: ${(error as Error).message}\n`);
  process.exit(1);
});
