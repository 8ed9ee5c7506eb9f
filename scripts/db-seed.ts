/** npm run db:seed: migrates, then loads the demo data into both regions (development only). */
import { migrateRegions, providePostgres } from './lib/infra';
import { seedRegions } from './lib/seed';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  if (process.env.NODE_ENV === 'production') throw new Error('refusing to seed demo data with NODE_ENV=production');
  const dbs = await providePostgres(say);
  try {
    await migrateRegions(dbs, say);
    say(`seed: ${await seedRegions(dbs)}`);
  } finally {
    await dbs.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`db:seed failed: ${(error as Error).message}\n`);
  process.exit(1);
});
