/** jest globalSetup of the integration and e2e projects: provision PostgreSQL and Kafka once. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDevKeySetFile } from '@miw/auth';
import { startEmbeddedPostgres, startLocalKafka, REPO_ROOT, type EmbeddedPostgresHandle, type LocalKafkaHandle } from '@miw/local-infra';
import { withDatabase } from '@miw/db';
import { ensureTemplate, newRunId } from './infra';

declare global {
  var __miwInfra: { pg?: EmbeddedPostgresHandle; kafka?: LocalKafkaHandle; runId: string; pgUrl: string } | undefined;
}

const say = (line: string) => process.stderr.write(`[test-infra] ${line}\n`);

export default async function globalSetup(): Promise<void> {
  if (globalThis.__miwInfra) return; // several projects share one setup
  const runId = newRunId();
  let pgHandle: EmbeddedPostgresHandle | undefined;
  let pgUrl = process.env.PG_URL_EU;
  if (pgUrl) {
    say(`PostgreSQL: using the server of PG_URL_EU`);
  } else {
    const port = Number(process.env.MIW_TEST_PG_PORT ?? 25433);
    say(`PostgreSQL: PG_URL_EU not set, starting embedded PostgreSQL on 127.0.0.1:${port}`);
    pgHandle = await startEmbeddedPostgres({ dataDir: path.join(REPO_ROOT, '.data', 'test-postgres'), port, fast: true });
    pgUrl = pgHandle.url;
  }
  pgUrl = withDatabase(pgUrl, 'postgres');

  let kafka: LocalKafkaHandle | undefined;
  let brokers = process.env.KAFKA_BROKERS;
  if (brokers) {
    say(`Kafka: using KAFKA_BROKERS=${brokers}`);
  } else {
    const port = Number(process.env.MIW_TEST_KAFKA_PORT ?? 19092);
    say(`Kafka: KAFKA_BROKERS not set, starting the local broker on 127.0.0.1:${port}`);
    try {
      kafka = await startLocalKafka({ port, controllerPort: port + 1, log: say });
    } catch (error) {
      await pgHandle?.stop();
      throw error;
    }
    brokers = kafka.brokers.join(',');
  }

  try {
    const template = await ensureTemplate(pgUrl);
    process.env.MIW_TEST_TEMPLATE_DB = template;
  } catch (error) {
    await kafka?.stop();
    await pgHandle?.stop();
    throw error;
  }
  const keysDir = mkdtempSync(path.join(os.tmpdir(), `miw-test-${runId}-`));
  process.env.MIW_TEST_AUTH_KEYS_FILE = path.join(keysDir, 'auth-keys.json');
  await ensureDevKeySetFile(process.env.MIW_TEST_AUTH_KEYS_FILE);
  process.env.MIW_TEST_INTERNAL_SECRET = randomBytes(32).toString('base64url');
  process.env.MIW_TEST_PG_URL = pgUrl;
  process.env.MIW_TEST_KAFKA_BROKERS = brokers;
  process.env.MIW_TEST_RUN_ID = runId;
  globalThis.__miwInfra = { runId, pgUrl, ...(pgHandle ? { pg: pgHandle } : {}), ...(kafka ? { kafka } : {}) };
}
