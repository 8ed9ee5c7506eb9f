/**
 * npm run db:migrate: applies every domain's migrations to both regional databases (idempotent).
 * Uses PG_URL_EU/PG_URL_CN, or starts the embedded PostgreSQL for the duration of the command.
 */
import { migrateRegions, providePostgres } from './lib/infra';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  const dbs = await providePostgres(say);
  try {
    await migrateRegions(dbs, say);
  } finally {
    await dbs.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`db:migrate failed: ${(error as Error).message}\n`);
  process.exit(1);
});
