/**
 * `npm run admin:create -- --email <email> --region <eu|cn> [--name <name>] [--locale en|zh-CN] [--force]`:
 * the operator's way to the first admin (see ./services/admin.ts), in any NODE_ENV. Connects to
 * the region's database with DATABASE_URL, as the auth service does. Exit codes: 0 created,
 * promoted or already an admin; 1 a failure (database unreachable, ...); 2 refused (another
 * admin exists: pass --force); 64 a usage error.
 */
import { parseArgs } from 'node:util';
import { isRegion, type RegionCode } from '@miw/contracts';
import { createPool } from '@miw/db';
import { createAuthDb } from './data/db';
import { createFirstAdmin } from './services/admin';

export interface CliResult {
  code: number;
  message: string;
}

const USAGE = 'usage: npm run admin:create -- --email <email> --region <eu|cn> [--name <name>] [--locale en|zh-CN] [--force]';

export async function runAdminCreate(argv: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { email: { type: 'string' }, region: { type: 'string' }, name: { type: 'string' }, locale: { type: 'string' }, force: { type: 'boolean', default: false } }, strict: true }));
  } catch (error) {
    return { code: 64, message: `${(error as Error).message}\n${USAGE}` };
  }
  if (!values.email || !values.region) return { code: 64, message: USAGE };
  if (!isRegion(values.region)) return { code: 64, message: `--region must be eu or cn\n${USAGE}` };
  if (!env.DATABASE_URL) return { code: 64, message: 'DATABASE_URL is not set: the auth database of that region (as for the auth service)' };
  const region: RegionCode = values.region;
  const pool = createPool({ url: env.DATABASE_URL, max: 2, name: 'admin-create' });
  const db = createAuthDb(pool);
  try {
    const result = await createFirstAdmin({ db, region }, { email: values.email, name: values.name ?? null, locale: values.locale ?? null, force: values.force });
    switch (result.outcome) {
      case 'invalid':
        return { code: 64, message: result.errors.map((e) => `${e.field}: ${e.message}`).join('\n') };
      case 'refused':
        return { code: 2, message: `refused: active admins exist (${result.admins.join(', ')}); pass --force to add another` };
      case 'unchanged':
        return { code: 0, message: `${result.user.email} is already an admin (${result.user.id}); nothing changed` };
      default:
        return { code: 0, message: `${result.outcome} admin ${result.user.email} (${result.user.id}) in ${region}; sign in with requestLoginCode` };
    }
  } finally {
    await db.$disconnect();
    await pool.end();
  }
}
