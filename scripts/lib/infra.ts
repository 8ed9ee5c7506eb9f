/**
 * Infrastructure for `npm start` and `npm run db:*`: PostgreSQL (PG_URL_EU/PG_URL_CN, or an
 * embedded server) and Kafka (KAFKA_BROKERS, or the project's local broker).
 */
import path from 'node:path';
import type { RegionCode } from '@miw/contracts';
import { ensureDatabase, migrateAll, withDatabase, type MigrateResult } from '@miw/db';
import { REPO_ROOT, startEmbeddedPostgres, startLocalKafka } from '@miw/local-infra';

export type Say = (line: string) => void;

export interface Databases {
  eu: string;
  cn: string;
  /** Stops the embedded server if this process started one. */
  stop(): Promise<void>;
  embedded: boolean;
}

export async function providePostgres(say: Say): Promise<Databases> {
  const { PG_URL_EU, PG_URL_CN } = process.env;
  if (PG_URL_EU || PG_URL_CN) {
    if (!PG_URL_EU || !PG_URL_CN) throw new Error('set both PG_URL_EU and PG_URL_CN, or neither (to use embedded PostgreSQL)');
    say('postgres: using PG_URL_EU and PG_URL_CN');
    return { eu: PG_URL_EU, cn: PG_URL_CN, stop: async () => undefined, embedded: false };
  }
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 5433);
  const dataDir = process.env.EMBEDDED_PG_DATA ?? path.join(REPO_ROOT, '.data', 'postgres');
  say(`postgres: starting embedded PostgreSQL on 127.0.0.1:${port} (data in ${path.relative(REPO_ROOT, dataDir) || dataDir})`);
  const pg = await startEmbeddedPostgres({ dataDir, port });
  return { eu: withDatabase(pg.url, 'madeinworld_eu'), cn: withDatabase(pg.url, 'madeinworld_cn'), stop: () => pg.stop(), embedded: true };
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
