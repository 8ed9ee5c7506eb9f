/**
 * Infrastructure for `npm start`, `npm run db:*` and the commands run beside them: PostgreSQL
 * (PG_URL_EU/PG_URL_CN, or an embedded server whose password is stored in its data directory)
 * and Kafka (KAFKA_BROKERS, or the project's local broker). URLs carry passwords: never print them.
 */
import path from 'node:path';
import type { RegionCode } from '@miw/contracts';
import { ensureDatabase, migrateAll, withDatabase, type MigrateResult } from '@miw/db';
import { embeddedPostgresPassword, embeddedPostgresUrl, REPO_ROOT, startEmbeddedPostgres, startLocalKafka } from '@miw/local-infra';
import { portIsFree } from './supervisor';

export type Say = (line: string) => void;

export interface Databases {
  eu: string;
  cn: string;
  /** Stops the embedded server if this process started one. */
  stop(): Promise<void>;
  embedded: boolean;
}

/** Where `npm start` runs its embedded server: EMBEDDED_PG_PORT (5433), EMBEDDED_PG_DATA (.data/postgres). */
export function embeddedLocation(env: NodeJS.ProcessEnv = process.env): { port: number; dataDir: string; shown: string } {
  const dataDir = path.resolve(env.EMBEDDED_PG_DATA ?? path.join(REPO_ROOT, '.data', 'postgres'));
  const inRepo = dataDir.startsWith(`${REPO_ROOT}${path.sep}`);
  return { port: Number(env.EMBEDDED_PG_PORT ?? 5433), dataDir, shown: inRepo ? path.relative(REPO_ROOT, dataDir) : dataDir };
}

/** PG_URL_EU and PG_URL_CN when set (both or neither). */
function configuredPostgres(env: NodeJS.ProcessEnv, say: Say): Databases | undefined {
  const { PG_URL_EU, PG_URL_CN } = env;
  if (!PG_URL_EU && !PG_URL_CN) return undefined;
  if (!PG_URL_EU || !PG_URL_CN) throw new Error('set both PG_URL_EU and PG_URL_CN, or neither (to use embedded PostgreSQL)');
  say('postgres: using PG_URL_EU and PG_URL_CN');
  return { eu: PG_URL_EU, cn: PG_URL_CN, stop: async () => undefined, embedded: false };
}

const regional = (url: string, stop: () => Promise<void>): Databases => ({ eu: withDatabase(url, 'madeinworld_eu'), cn: withDatabase(url, 'madeinworld_cn'), stop, embedded: true });

export async function providePostgres(say: Say): Promise<Databases> {
  const configured = configuredPostgres(process.env, say);
  if (configured) return configured;
  const { port, dataDir, shown } = embeddedLocation();
  say(`postgres: starting embedded PostgreSQL on 127.0.0.1:${port} (data in ${shown})`);
  const pg = await startEmbeddedPostgres({ dataDir, port });
  return regional(pg.url, () => pg.stop());
}

/**
 * The databases of a command run beside `npm start` (the sync worker's CLI), found as npm start
 * finds them: PG_URL_EU/PG_URL_CN; else npm start's embedded server (same port, data directory
 * and stored password), reached where it runs or started for the command when nothing listens on
 * its port. Undefined when there is neither (no URLs, no embedded data directory).
 */
export async function findPostgres(say: Say, env: NodeJS.ProcessEnv = process.env): Promise<Databases | undefined> {
  const configured = configuredPostgres(env, say);
  if (configured) return configured;
  const { port, dataDir, shown } = embeddedLocation(env);
  const password = await embeddedPostgresPassword(dataDir);
  if (password === undefined) return undefined;
  if (!(await portIsFree(port))) {
    say(`postgres: using the embedded PostgreSQL of npm start on 127.0.0.1:${port} (data in ${shown})`);
    return regional(embeddedPostgresUrl(port, 'postgres', password), async () => undefined);
  }
  say(`postgres: starting the embedded PostgreSQL of npm start on 127.0.0.1:${port} for this command (data in ${shown})`);
  const pg = await startEmbeddedPostgres({ dataDir, port });
  return regional(pg.url, () => pg.stop());
}

/** Creates both regional databases if needed and applies every domain's migrations. */
export async function migrateRegions(dbs: Pick<Databases, RegionCode>, say: Say): Promise<Record<RegionCode, MigrateResult[]>> {
  const out = {} as Record<RegionCode, MigrateResult[]>;
  for (const region of ['eu', 'cn'] as const) {
    const url = dbs[region];
    const name = decodeURIComponent(new URL(url).pathname.slice(1));
    if (await ensureDatabase(url, name)) say(`postgres: created database ${name}`);
    out[region] = await migrateAll(url, path.join(REPO_ROOT, 'prisma'));
    const applied = out[region].flatMap((r) => r.applied.map((m) => `${r.domain}/${m}`));
    say(`postgres: ${name} migrated${applied.length ? ` (applied ${applied.join(', ')})` : ' (up to date)'}`);
  }
  return out;
}

export interface Brokers {
  brokers: string;
  stop(): Promise<void>;
  local: boolean;
}

export async function provideKafka(say: Say): Promise<Brokers> {
  if (process.env.KAFKA_BROKERS) {
    say(`kafka: using KAFKA_BROKERS=${process.env.KAFKA_BROKERS}`);
    return { brokers: process.env.KAFKA_BROKERS, stop: async () => undefined, local: false };
  }
  const port = Number(process.env.KAFKA_PORT ?? 9092);
  say(`kafka: starting the local Apache Kafka broker on 127.0.0.1:${port} (first run downloads it from Maven Central)`);
  const kafka = await startLocalKafka({ port, controllerPort: Number(process.env.KAFKA_CONTROLLER_PORT ?? port + 1), log: (l) => say(`kafka: ${l.replace(/^kafka-local: /, '')}`) });
  return { brokers: kafka.brokers.join(','), stop: () => kafka.stop(), local: true };
}
