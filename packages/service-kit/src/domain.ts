/**
 * Boots a domain subgraph: PostgreSQL pool, the app (`createApp(deps)`, no side effects), the
 * outbox relay to Kafka, the HTTP server with readiness checks, and one `close()` that stops all
 * of it in order. `main.ts` of every subgraph and the tests both start subgraphs through it.
 */
import type { BaseContext } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { Pool } from 'pg';
import type { DomainServiceEnv } from '@miw/config';
import { createPool } from '@miw/db';
import { createKafkaBus, createOutboxRelay, type EventBus } from '@miw/events';
import type { Logger } from '@miw/logging';
import { createGraphQLService, type RequestInfo } from './server';

export interface DomainDeps {
  env: DomainServiceEnv;
  pool: Pool;
  logger: Logger;
}

export interface SubgraphApp<Ctx extends BaseContext = BaseContext> {
  schema: GraphQLSchema;
  context(info: RequestInfo): Ctx | Promise<Ctx>;
  close?(): Promise<void>;
}

export interface RunningSubgraph {
  url: string;
  port: number;
  pool: Pool;
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
}

export async function startDomainSubgraph<Ctx extends BaseContext>({ domain, env, logger, createApp, onQuery }: StartDomainOptions<Ctx>): Promise<RunningSubgraph> {
  const pool = createPool({ url: env.DATABASE_URL, max: env.DB_POOL_MAX, name: `${domain}-${env.REGION}`, ...(onQuery ? { onQuery } : {}) });
  const app = createApp({ env, pool, logger });
  const bus = createKafkaBus({ brokers: env.KAFKA_BROKERS, clientId: `${domain}-${env.REGION}`, logger });
  const producer = bus.producer();
  const relay = createOutboxRelay({ pool, schema: domain, producer, logger, topicPrefix: env.KAFKA_TOPIC_PREFIX, pollMs: env.OUTBOX_POLL_MS });
  const service = await createGraphQLService<Ctx>({
    name: domain,
    logger,
    production: env.NODE_ENV === 'production',
    schema: app.schema,
    context: (info) => app.context(info),
    readiness: [
      { name: 'postgres', check: async () => void (await pool.query('SELECT 1')) },
      { name: 'kafka', check: () => bus.ping() },
    ],
  });
  try {
    const port = await service.listen(env.PORT, env.HOST);
    await relay.start();
    logger.info({ port }, `${domain} subgraph listening`);
    const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
    return {
      url: `http://${host}:${port}/graphql`,
      port,
      pool,
      bus,
      drainOutbox: () => relay.drain(),
      close: async () => {
        await service.close();
        await relay.stop();
        await producer.disconnect().catch(() => undefined);
        await bus.close();
        await app.close?.();
        await pool.end();
      },
    };
  } catch (error) {
    await service.close().catch(() => undefined);
    await relay.stop().catch(() => undefined);
    await bus.close().catch(() => undefined);
    await pool.end().catch(() => undefined);
    throw error;
  }
}
