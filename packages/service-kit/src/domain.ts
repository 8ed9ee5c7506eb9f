/**
 * Boots a domain subgraph: PostgreSQL pool, the app (`createApp(deps)`, no side effects), the
 * outbox relay to Kafka, the HTTP server with readiness checks, and one `close()` that stops all
 * of it in order. `main.ts` of every subgraph and the tests both start subgraphs through it.
 */
import type { BaseContext } from '@apollo/server';
import type { Express } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Pool } from 'pg';
import { DomainServiceEnv, loadEnv } from '@miw/config';
import { createPool, type DbScope } from '@miw/db';
import { createKafkaBus, createOutboxRelay, type EventBus } from '@miw/events';
import { createLogger, type Logger } from '@miw/logging';
import { createServiceMetrics, observeConsumerLag, observeOutbox, observePool, startTracing, type ServiceMetrics } from '@miw/observability';
import { dbScopeMiddleware, dbScopeOf, enterViewerScope, inSystemScope, scopeSubscriptions, viewerOf } from './db-scope';
import { exitOnStartupError, onShutdown } from './lifecycle';
import { createGraphQLService, type RequestInfo } from './server';
import { opsSettingsFrom } from './ops';
import { attachSubgraphSubscriptions, type SubscriptionInfo } from './subscriptions';

export interface DomainDeps {
  env: DomainServiceEnv;
  /**
   * The service's pool: it acts as the domain's database role (not the owner of the tables) and
   * tells PostgreSQL the database scope of each checkout, so row-level security applies
   * (docs/security.md).
   */
  pool: Pool;
  logger: Logger;
  /** The process's metrics (served at /metrics): a domain registers its business counters here. */
  metrics: ServiceMetrics;
}

export interface SubgraphApp<Ctx extends BaseContext = BaseContext> {
  schema: GraphQLSchema;
  context(info: RequestInfo): Ctx | Promise<Ctx>;
  /** Extra HTTP routes (e.g. the auth service's JWKS). */
  configure?(app: Express): void;
  /** Called once the server listens, with its own URL (e.g. a simulator that calls the service back). */
  started?(self: { url: string; port: number }): void;
  /** Background consumers of the service (started after the server, stopped before the bus). */
  workers?(ctx: { bus: EventBus; topicPrefix: string }): BackgroundWorker[];
  close?(): Promise<void>;
  /**
   * Set by subgraphs with a `Subscription` type: the context of one subscription, served over
   * graphql-ws on the same /graphql URL to the gateway only (see ./subscriptions.ts).
   */
  subscriptionContext?(info: SubscriptionInfo): BaseContext | Promise<BaseContext>;
}

export interface BackgroundWorker {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface RunningSubgraph {
  url: string;
  port: number;
  /**
   * For tests and diagnostics only: a pool with the login of DATABASE_URL (the owner of the
   * tables), not subject to row-level security. No connection is opened until it is used.
   */
  pool: Pool;
  /** The pool the service itself uses (its database role, row-level security applies). */
  appPool: Pool;
  /** Its metrics registry (what /metrics serves). */
  metrics: ServiceMetrics;
  bus: EventBus;
  /** Publishes every committed outbox row now (tests). */
  drainOutbox(): Promise<number>;
  close(): Promise<void>;
}

export interface StartDomainOptions<Ctx extends BaseContext> {
  domain: string;
  env: DomainServiceEnv;
  logger: Logger;
  createApp(deps: DomainDeps): SubgraphApp<Ctx>;
  /** Count SQL statements (tests). */
  onQuery?: (sql: string) => void;
  /** The metrics registry (default: one of its own, with the process metrics). */
  metrics?: ServiceMetrics;
}

export async function startDomainSubgraph<Ctx extends BaseContext>({ domain, env, logger, createApp, onQuery, metrics = createServiceMetrics({ service: domain, region: env.REGION }) }: StartDomainOptions<Ctx>): Promise<RunningSubgraph> {
  // Traces when the OTEL_* variables ask for them (the first service of a process starts them).
  const tracing = startTracing({ service: domain, region: env.REGION });
  const role = env.DB_ROLE ?? `miw_${domain}`;
  const pool = createPool({ url: env.DATABASE_URL, max: env.DB_POOL_MAX, name: `${domain}-${env.REGION}`, role, scoped: true, onQueryTime: (seconds) => metrics.dbQueryDuration.observe({ pool: 'app' }, seconds), ...(onQuery ? { onQuery } : {}) });
  // The relay has its own small pool: it holds a LISTEN connection and must never wait behind
  // (or be counted with) request traffic. The outbox is no tenant table: the role is enough.
  const relayPool = createPool({ url: env.DATABASE_URL, max: 2, name: `${domain}-${env.REGION}-relay`, role });
  const ownerPool = createPool({ url: env.DATABASE_URL, max: 2, name: `${domain}-${env.REGION}-diagnostics` });
  const app = createApp({ env, pool, logger, metrics });
  observePool(metrics, 'app', pool);
  observePool(metrics, 'relay', relayPool);
  // Read with the owner's small pool: a scrape never waits behind requests or the relay.
  observeOutbox(metrics, domain, ownerPool);
  const subscriptionScopes = new WeakMap<object, DbScope>();
  if (app.subscriptionContext) scopeSubscriptions(app.schema, (context) => subscriptionScopes.get(context as object));
  const bus = createKafkaBus({ brokers: env.KAFKA_BROKERS, clientId: `${domain}-${env.REGION}`, logger });
  const producer = bus.producer();
  observeConsumerLag(metrics, () => bus.consumerLag());
  // Background work acts for no viewer: the system scope.
  const workers = (app.workers?.({ bus, topicPrefix: env.KAFKA_TOPIC_PREFIX }) ?? []).map(inSystemScope);
  // Ready only once the workers (Kafka consumers) have started, i.e. joined their groups with their partitions.
  let workersStarted = workers.length === 0;
  const relay = createOutboxRelay({ pool: relayPool, schema: domain, producer, logger, topicPrefix: env.KAFKA_TOPIC_PREFIX, pollMs: env.OUTBOX_POLL_MS });
  const service = await createGraphQLService<Ctx>({
    name: domain,
    logger,
    production: env.NODE_ENV === 'production',
    schema: app.schema,
    metrics,
    internalSecret: env.INTERNAL_TOKEN_SECRET,
    ops: opsSettingsFrom(env),
    // The request's database scope names the viewer its context carries (see ./db-scope.ts).
    context: async (info) => {
      const context = await app.context(info);
      enterViewerScope(viewerOf(context, info.viewer));
      return context;
    },
    configure: (express: Express) => {
      express.use(dbScopeMiddleware());
      app.configure?.(express);
    },
    readiness: [
      { name: 'postgres', check: async () => void (await pool.query('SELECT 1')) },
      { name: 'kafka', check: () => bus.ping() },
      {
        name: 'consumers',
        check: async () => {
          if (!workersStarted) throw new Error('Kafka consumers have not joined their groups yet');
        },
      },
    ],
  });
  const subscriptions = app.subscriptionContext
    ? attachSubgraphSubscriptions({ httpServer: service.httpServer, schema: app.schema, internalSecret: env.INTERNAL_TOKEN_SECRET, logger, context: async (info) => {
        const context = await app.subscriptionContext!(info);
        subscriptionScopes.set(context, dbScopeOf(viewerOf(context, info.viewer)));
        return context;
      } })
    : undefined;
  try {
    const port = await service.listen(env.PORT, env.HOST);
    await relay.start();
    for (const worker of workers) await worker.start();
    workersStarted = true;
    logger.info({ port }, `${domain} subgraph listening`);
    const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
    const url = `http://${host}:${port}/graphql`;
    app.started?.({ url, port });
    return {
      url,
      port,
      pool: ownerPool,
      appPool: pool,
      metrics,
      bus,
      drainOutbox: () => relay.drain(),
      close: async () => {
        await subscriptions?.close();
        await service.close();
        for (const worker of workers) await worker.stop().catch((e: unknown) => logger.warn({ err: e }, 'worker stop failed'));
        await relay.stop();
        await producer.disconnect().catch(() => undefined);
        await bus.close();
        await app.close?.();
        await pool.end();
        await relayPool.end();
        await ownerPool.end();
        await tracing.shutdown();
      },
    };
  } catch (error) {
    await subscriptions?.close().catch(() => undefined);
    await service.close().catch(() => undefined);
    for (const worker of workers) await worker.stop().catch(() => undefined);
    await relay.stop().catch(() => undefined);
    await bus.close().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await relayPool.end().catch(() => undefined);
    await ownerPool.end().catch(() => undefined);
    throw error;
  }
}

/**
 * The whole `main.ts` of a domain subgraph: environment, logger, start, graceful shutdown.
 * Exits non-zero with every configuration problem listed, or with the start-up error.
 */
export function runDomainService<Ctx extends BaseContext>(domain: string, createApp: (deps: DomainDeps) => SubgraphApp<Ctx>): void {
  const env = loadEnv(domain, DomainServiceEnv);
  const logger = createLogger({ service: domain, region: env.REGION, level: env.LOG_LEVEL });
  startDomainSubgraph({ domain, env, logger, createApp })
    .then((running) => onShutdown(logger, [() => running.close()]))
    .catch(exitOnStartupError(logger, domain));
}
