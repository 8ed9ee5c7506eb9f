/**
 * Test infrastructure, provisioned once per `jest` run (global setup) and shared by the test files
 * through environment variables:
 *   MIW_TEST_PG_URL         a PostgreSQL server (database `postgres`): PG_URL_EU's server when
 *                           set, else an embedded PostgreSQL started for the run
 *   MIW_TEST_TEMPLATE_DB    a database with every domain migrated; test files clone it
 *   MIW_TEST_KAFKA_BROKERS  KAFKA_BROKERS when set, else the local broker started for the run
 *   MIW_TEST_RUN_ID         unique per run: database names and topic prefixes include it
 *   MIW_TEST_AUTH_KEYS_FILE the access-token key set of the run (ES256, private)
 *   MIW_TEST_INTERNAL_SECRET the gateway-to-subgraph secret of the run
 */
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { DOMAINS, migrateAll, readMigrations, withDatabase } from '@miw/db';
import { REPO_ROOT } from '@miw/local-infra';

export const PRISMA_ROOT = path.join(REPO_ROOT, 'prisma');

export interface TestInfra {
  pgUrl: string;
  templateDb: string;
  kafkaBrokers: string[];
  runId: string;
  authKeysFile: string;
  internalSecret: string;
  /** The other secrets of the run, one per purpose, as services read them from the environment. */
  secrets: { LOGIN_CODE_SECRET: string; LOGIN_CODE_SEAL_SECRET: string; API_KEY_SECRET: string; TEST_CARD_WEBHOOK_SECRET: string };
}

/**
 * The run's secrets besides the internal one, derived from it so that every process of the run
 * (jest workers, bench children) agrees without more variables; each purpose gets its own key.
 */
function testSecrets(internalSecret: string): TestInfra['secrets'] {
  const derive = (purpose: string) => createHash('sha256').update(`${purpose}:${internalSecret}`).digest('base64url');
  return { LOGIN_CODE_SECRET: derive('login-code'), LOGIN_CODE_SEAL_SECRET: derive('login-code-seal'), API_KEY_SECRET: derive('api-key'), TEST_CARD_WEBHOOK_SECRET: derive('test-card-webhook') };
}

export function newRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export function readTestInfra(): TestInfra {
  const { MIW_TEST_PG_URL, MIW_TEST_TEMPLATE_DB, MIW_TEST_KAFKA_BROKERS, MIW_TEST_RUN_ID, MIW_TEST_AUTH_KEYS_FILE, MIW_TEST_INTERNAL_SECRET } = process.env;
  if (!MIW_TEST_PG_URL || !MIW_TEST_TEMPLATE_DB || !MIW_TEST_KAFKA_BROKERS || !MIW_TEST_RUN_ID || !MIW_TEST_AUTH_KEYS_FILE || !MIW_TEST_INTERNAL_SECRET) {
    throw new Error('test infrastructure is not set up: run tests through jest from the repository root (npm test)');
  }
  return {
    pgUrl: MIW_TEST_PG_URL,
    templateDb: MIW_TEST_TEMPLATE_DB,
    kafkaBrokers: MIW_TEST_KAFKA_BROKERS.split(','),
    runId: MIW_TEST_RUN_ID,
    authKeysFile: MIW_TEST_AUTH_KEYS_FILE,
    internalSecret: MIW_TEST_INTERNAL_SECRET,
    secrets: testSecrets(MIW_TEST_INTERNAL_SECRET),
  };
}

/** Name of the template database for the current migrations (a new one whenever they change). */
export function templateName(): string {
  const hash = createHash('sha256');
  for (const domain of DOMAINS) for (const m of readMigrations(path.join(PRISMA_ROOT, domain))) hash.update(m.name).update(m.checksum);
  return `miw_template_${hash.digest('hex').slice(0, 12)}`;
}

async function admin<T>(pgUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(pgUrl, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the migrated template database unless an identical one exists. */
export async function ensureTemplate(pgUrl: string): Promise<string> {
  const name = templateName();
  const exists = await admin(pgUrl, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
  if (exists) return name;
  const building = `${name}_build_${randomBytes(3).toString('hex')}`;
  await admin(pgUrl, (c) => c.query(`CREATE DATABASE "${building}"`));
  try {
    await migrateAll(withDatabase(pgUrl, building), PRISMA_ROOT);
    await admin(pgUrl, (c) => c.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`));
  } catch (error) {
    await admin(pgUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`));
    // Another run built the same template at the same time: use theirs.
    if ((error as { code?: string }).code !== '42P04') throw error;
  }
  return name;
}

/**
 * Drops the databases this run created, and templates of older migrations once they are a day old
 * (a younger one may belong to a concurrent run on another branch sharing the server).
 */
export async function dropRunDatabases(pgUrl: string, runId: string): Promise<void> {
  const current = templateName();
  await admin(pgUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`miw\\_t\\_${runId}\\_%`],
    );
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    // The age of a database is the age of its PG_VERSION file (readable by superusers only).
    const stale = await c
      .query<{ datname: string }>(
        `SELECT datname FROM pg_database
          WHERE datname LIKE 'miw\\_template\\_%' AND datname <> $1 AND datname NOT LIKE '%\\_build\\_%'
            AND (pg_stat_file('base/' || oid || '/PG_VERSION')).modification < now() - interval '1 day'`,
        [current],
      )
      .catch(() => ({ rows: [] as { datname: string }[] }));
    for (const { datname } of stale.rows) await c.query(`DROP DATABASE IF EXISTS "${datname}"`).catch(() => undefined);
  });
}

let counter = 0;

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, fully migrated database for one test file (a copy of the template: ~100 ms). */
export async function createTestDatabase(label = 'db'): Promise<TestDatabase> {
  const { pgUrl, templateDb, runId } = readTestInfra();
  const safe = label.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12) || 'db';
  const name = `miw_t_${runId}_${process.pid}_${++counter}_${safe}`.slice(0, 63);
  await admin(pgUrl, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDb}"`));
  return { name, url: withDatabase(pgUrl, name), drop: () => admin(pgUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined) };
}

/** A topic prefix unique to this run and test file, so runs never see each other's events. */
export function testTopicPrefix(label = 'x'): string {
  const { runId } = readTestInfra();
  return `test.${runId}.${process.pid}.${label.replace(/[^\w-]/g, '')}.${randomBytes(2).toString('hex')}.`;
}

