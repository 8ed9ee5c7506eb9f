/**
 * The sync worker process: one direction (SYNC_FROM -> SYNC_TO, writing TARGET_DATABASE_URL), or
 * both when FROM_DATABASE_URL is set too (the reverse direction writes users and organizations
 * into the SYNC_FROM region). Health and readiness on PORT (127.0.0.1 unless HOST says otherwise);
 * `/metrics` (Prometheus) and `/status` (read by auth's `syncStatus`) on the ops listener
 * (OPS_PORT), and outside production on PORT too.
 */
import { BaseEnv, BrokerList, loadEnv, OpsEnv, Port, PostgresUrl, Region, z } from '@miw/config';
import { createPool } from '@miw/db';
import { createKafkaBus } from '@miw/events';
import { createLogger } from '@miw/logging';
import { exitOnStartupError, onShutdown, opsSettingsFrom, startHealthServer } from '@miw/service-kit';
import { DEFAULT_LAG_ALERT_MS } from './alerts';
import { ensureSyncSchema } from './store';
import { createSyncMetrics } from './metrics';
import { createServiceMetrics, observeConsumerLag, observePool, startTracing } from '@miw/observability';
import { createSyncWorker, DEFAULT_MAX_CLOCK_SKEW_MS } from './worker';

const Env = BaseEnv.omit({ REGION: true })
  .extend({
    SYNC_FROM: Region.default('eu'),
    SYNC_TO: Region.default('cn'),
    /** Database of the region written to. */
    TARGET_DATABASE_URL: PostgresUrl,
    /** Database of the SYNC_FROM region: when set, this process also runs the reverse direction. */
    FROM_DATABASE_URL: PostgresUrl.optional(),
    KAFKA_BROKERS: BrokerList,
    KAFKA_TOPIC_PREFIX: z.string().regex(/^[\w.-]*$/).default(''),
    /** Events stamped further than this in the future are dead-lettered (FUTURE_TIMESTAMP). */
    SYNC_MAX_CLOCK_SKEW_MS: z.coerce.number().int().min(1000).max(3_600_000).default(DEFAULT_MAX_CLOCK_SKEW_MS),
    /** Lag (commit in one region to apply in the other) over which the target region's admins are alerted, once per crossing. */
    SYNC_LAG_ALERT_MS: z.coerce.number().int().min(1000).max(24 * 3_600_000).default(DEFAULT_LAG_ALERT_MS),
    /** The database role the worker applies as (SET ROLE on each connection): not the owner of the tables it mirrors. */
    SYNC_DB_ROLE: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case PostgreSQL role name').default('miw_sync'),
    PORT: Port.default(4200),
    HOST: z.string().min(1).default('127.0.0.1'),
    ...OpsEnv.shape,
  })
  .refine((e) => e.SYNC_FROM !== e.SYNC_TO, { message: 'SYNC_FROM and SYNC_TO must differ', path: ['SYNC_TO'] });

const env = loadEnv('sync-worker', Env);
const logger = createLogger({ service: 'sync-worker', level: env.LOG_LEVEL });

async function main() {
  const directions = [{ from: env.SYNC_FROM, to: env.SYNC_TO, url: env.TARGET_DATABASE_URL }];
  if (env.FROM_DATABASE_URL) directions.push({ from: env.SYNC_TO, to: env.SYNC_FROM, url: env.FROM_DATABASE_URL });
  const tracing = startTracing({ service: 'sync-worker', region: env.SYNC_TO });
  const service = createServiceMetrics({ service: 'sync-worker', region: env.SYNC_TO });
  const { registry } = service;
  const metrics = createSyncMetrics(registry);
  const bus = createKafkaBus({ brokers: env.KAFKA_BROKERS, clientId: `sync-worker-${env.SYNC_FROM}-${env.SYNC_TO}`, logger });
  // The login (the tables' owner) creates the worker's own tables once; applying runs as the
  // worker's role, which may write the mirrored tables and nothing else (docs/security.md).
  for (const d of directions) {
    const owner = createPool({ url: d.url, max: 1, name: `sync-worker-${d.to}-schema` });
    await ensureSyncSchema(owner, { force: true }).finally(() => owner.end());
  }
  const pools = directions.map((d) => createPool({ url: d.url, max: 5, name: `sync-worker-${d.to}`, role: env.SYNC_DB_ROLE, onQueryTime: (seconds) => service.dbQueryDuration.observe({ pool: `target-${d.to}` }, seconds) }));
  const workers = directions.map((d, i) =>
    createSyncWorker({ bus, target: pools[i]!, from: d.from, to: d.to, logger, topicPrefix: env.KAFKA_TOPIC_PREFIX, maxClockSkewMs: env.SYNC_MAX_CLOCK_SKEW_MS, lagAlertMs: env.SYNC_LAG_ALERT_MS, metrics }),
  );
  pools.forEach((pool, i) => observePool(service, `target-${directions[i]!.to}`, pool));
  observeConsumerLag(service, () => bus.consumerLag());
  // Ready only once every consumer joined its group with its partitions (start() resolved).
  let consumersStarted = false;
  const health = await startHealthServer({
    name: 'sync-worker',
    port: env.PORT,
    host: env.HOST,
    production: env.NODE_ENV === 'production',
    logger,
    ops: opsSettingsFrom(env),
    readiness: [
      ...pools.map((pool, i) => ({ name: `postgres-${directions[i]!.to}`, check: async () => void (await pool.query('SELECT 1')) })),
      { name: 'kafka', check: () => bus.ping() },
      {
        name: 'consumers',
        check: async () => {
          if (!consumersStarted) throw new Error('Kafka consumers have not joined their groups yet');
        },
      },
    ],
    opsRoutes: (router) => {
      router.get('/metrics', async (_req, res) => {
        await Promise.all(workers.map((w) => w.status().catch(() => undefined)));
        res.type(registry.contentType).send(await registry.metrics());
      });
      // Read by the auth subgraph's admin-only `syncStatus` query (SYNC_WORKER_URL).
      router.get('/status', async (_req, res) => {
        try {
          res.json({ directions: await Promise.all(workers.map((w) => w.status())) });
        } catch (error) {
          res.status(503).json({ error: (error as Error).message });
        }
      });
    },
  });
  await Promise.all(workers.map((w) => w.start()));
  consumersStarted = true;
  logger.info({ port: health.port, opsPort: health.opsPort, directions: workers.map((w) => w.direction) }, 'sync worker ready');
  onShutdown(logger, [() => health.close(), ...workers.map((w) => () => w.stop()), () => bus.close(), ...pools.map((p) => () => p.end()), () => tracing.shutdown()]);
}

main().catch(exitOnStartupError(logger, 'sync-worker'));
