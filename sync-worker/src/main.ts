import { BaseEnv, BrokerList, loadEnv, Port, PostgresUrl, Region, z } from '@miw/config';
import { createPool } from '@miw/db';
import { createKafkaBus } from '@miw/events';
import { createLogger } from '@miw/logging';
import { exitOnStartupError, onShutdown, startHealthServer } from '@miw/service-kit';
import { createSyncWorker } from './worker';

const Env = BaseEnv.omit({ REGION: true }).extend({
  SYNC_FROM: Region.default('eu'),
  SYNC_TO: Region.default('cn'),
  /** Database of the region written to. */
  TARGET_DATABASE_URL: PostgresUrl,
  KAFKA_BROKERS: BrokerList,
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[\w.-]*$/).default(''),
  PORT: Port.default(4200),
  HOST: z.string().default('0.0.0.0'),
}).refine((e) => e.SYNC_FROM !== e.SYNC_TO, { message: 'SYNC_FROM and SYNC_TO must differ', path: ['SYNC_TO'] });

const env = loadEnv('sync-worker', Env);
const logger = createLogger({ service: 'sync-worker', level: env.LOG_LEVEL });

async function main() {
  const target = createPool({ url: env.TARGET_DATABASE_URL, max: 5, name: `sync-worker-${env.SYNC_TO}` });
  const bus = createKafkaBus({ brokers: env.KAFKA_BROKERS, clientId: `sync-worker-${env.SYNC_FROM}-${env.SYNC_TO}`, logger });
  const worker = createSyncWorker({ bus, target, from: env.SYNC_FROM, to: env.SYNC_TO, logger, topicPrefix: env.KAFKA_TOPIC_PREFIX });
  const health = await startHealthServer(
    'sync-worker',
    [
      { name: 'postgres', check: async () => void (await target.query('SELECT 1')) },
      { name: 'kafka', check: () => bus.ping() },
    ],
    env.PORT,
    env.HOST,
  );
  await worker.start();
  logger.info({ port: health.port }, 'sync worker ready');
  onShutdown(logger, [() => health.close(), () => worker.stop(), () => bus.close(), () => target.end()]);
}

main().catch(exitOnStartupError(logger, 'sync-worker'));
