/**
 * One trace across regions: an EU `updateProduct` through the gateway, the catalog subgraph, its
 * outbox relay, Kafka, the sync worker and the CN apply (real PostgreSQL and Kafka; spans kept by
 * an in-memory exporter), and RED metrics of it on the gateway and the catalog subgraph.
 */
import { randomUUID } from 'node:crypto';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import type { Pool } from 'pg';
import { createPool } from '@miw/db';
import { createKafkaBus, type EventBus } from '@miw/events';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';
import { createServiceMetrics, startTracing } from '@miw/observability';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp } from '@miw/subgraph-catalog';
import { createSyncWorker, type SyncWorker } from '@miw/sync-worker';
import { accessTokenFor, createTestDatabase, graphql, readTestInfra, startTestSubgraph, testLogger, testTopicPrefix, waitFor, type TestDatabase } from '@miw/testing';

describe('tracing: one trace from an EU updateProduct to the CN apply', () => {
  const exporter = new InMemorySpanExporter();
  // Started before any service: every service of this process records into it.
  const tracing = startTracing({ service: 'tracing-test', region: 'eu', exporter });
  const prefix = testTopicPrefix('tracing');
  const logger = testLogger('tracing-test');
  const gatewayMetrics = createServiceMetrics({ service: 'gateway', region: 'eu', defaults: false });
  let euDb: TestDatabase;
  let cnDb: TestDatabase;
  let catalog: RunningSubgraph;
  let gateway: TestGateway;
  let cnPool: Pool;
  let bus: EventBus;
  let worker: SyncWorker;

  beforeAll(async () => {
    [euDb, cnDb] = await Promise.all([createTestDatabase('traceeu'), createTestDatabase('tracecn')]);
    catalog = await startTestSubgraph({ domain: 'catalog', databaseUrl: euDb.url, createApp, topicPrefix: prefix });
    gateway = await startTestGateway({ catalog: catalog.url }, { metrics: gatewayMetrics });
    cnPool = createPool({ url: cnDb.url, max: 3 });
    bus = createKafkaBus({ brokers: readTestInfra().kafkaBrokers, clientId: 'tracing-test', logger });
    worker = createSyncWorker({ bus, target: cnPool, from: 'eu', to: 'cn', logger, topicPrefix: prefix });
    await worker.start();
  });
  afterAll(async () => {
    await worker?.stop();
    await bus?.close();
    await gateway?.close();
    await catalog?.close();
    await cnPool?.end();
    await euDb?.drop();
    await cnDb?.drop();
    await tracing.shutdown();
  });

  it('records the gateway request, the catalog mutation, the relay, the sync worker and the CN apply in one trace', async () => {
    const admin = { authorization: `Bearer ${await accessTokenFor({ kind: 'user', userId: randomUUID(), role: 'ADMIN', organizationId: null, region: 'eu', scopes: [] })}` };
    const created = await graphql<{ createProduct: { product: { id: string } } }>(
      gateway.url,
      `mutation CreateTraced($i: CreateProductInput!) { createProduct(input: $i) { product { id } errors { code } } }`,
      { i: { sku: 'TRACE-1', name: 'Traced tea', price: { amount: 900, currency: 'EUR' } } },
      admin,
    );
    const id = created.data!.createProduct.product.id;
    await waitFor(async () => (await cnPool.query(`SELECT 1 FROM catalog.product WHERE id = $1`, [id])).rowCount, { what: 'the product in CN', timeoutMs: 20_000 });
    exporter.reset();

    const updated = await graphql<{ updateProduct: { errors: unknown[] } }>(
      gateway.url,
      `mutation RenameProduct($i: UpdateProductInput!) { updateProduct(input: $i) { errors { code } } }`,
      { i: { id, name: 'Traced tea, renamed' } },
      admin,
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateProduct.errors).toEqual([]);
    await waitFor(async () => (await cnPool.query<{ name: string }>(`SELECT name FROM catalog.product WHERE id = $1`, [id])).rows[0]?.name === 'Traced tea, renamed', { what: 'the rename in CN', timeoutMs: 20_000 });

    // The trace of the client's mutation: the gateway's server span is its root.
    const root = exporter.getFinishedSpans().find((s) => s.name === 'mutation RenameProduct' && !s.parentSpanContext)!;
    expect(root).toBeDefined();
    const traceId = root.spanContext().traceId;
    const inTrace = () => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    // The consumer spans end with the worker's transaction: wait for them.
    const trace = await waitFor(() => {
      const spans = inTrace();
      return spans.some((s) => s.name === 'apply Product') && spans.some((s) => s.name.startsWith('consume ')) ? spans : undefined;
    }, { what: 'the sync worker spans in the mutation trace', timeoutMs: 10_000 });
    const names = trace.map((s) => s.name);
    // The gateway's request (named after the operation once resolved) and its query plan, the
    // catalog subgraph's request (the gateway's fetch), the relay's publish, the worker's batch, the CN apply.
    expect(names).toEqual(
      expect.arrayContaining(['mutation RenameProduct', 'gateway.plan', 'gateway.fetch', 'mutation RenameProduct__catalog__0', expect.stringMatching(/^publish .*catalog\.product/), expect.stringMatching(/^consume .*catalog\.product/), 'apply Product']),
    );
    // Parent links hold the chain together: every span but the root has its parent in this trace.
    const ids = new Set(trace.map((s) => s.spanContext().spanId));
    const roots = trace.filter((s: ReadableSpan) => !s.parentSpanContext || !ids.has(s.parentSpanContext.spanId));
    expect(roots).toHaveLength(1);
    expect(roots[0]!.name).toBe('mutation RenameProduct');
  });

  it('counts the mutation in the RED metrics of the gateway and of the catalog subgraph', async () => {
    const gatewayText = await gatewayMetrics.registry.metrics();
    expect(sample(gatewayText, 'miw_graphql_operations_total', { operation: 'RenameProduct', type: 'mutation', outcome: 'ok', service: 'gateway' })).toBe(1);
    expect(sample(gatewayText, 'miw_graphql_operation_duration_seconds_count', { operation: 'RenameProduct', type: 'mutation' })).toBe(1);
    expect(sample(gatewayText, 'miw_gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'catalog' })).toBeGreaterThanOrEqual(2);
    expect(sample(gatewayText, 'miw_http_requests_total', { route: '/graphql', status_class: '2xx' })).toBeGreaterThanOrEqual(2);
    const catalogText = await catalog.metrics.registry.metrics();
    // The gateway names its fetch after the client's operation (RenameProduct__catalog__0).
    expect(sample(catalogText, 'miw_graphql_operations_total', { operation: 'RenameProduct__catalog__0', type: 'mutation', outcome: 'ok', service: 'catalog', region: 'eu' })).toBe(1);
    expect(sample(catalogText, 'miw_outbox_backlog', { service: 'catalog' })).toBeGreaterThanOrEqual(0);
    expect(sample(catalogText, 'miw_db_pool_connections', { pool: 'app', state: 'total' })).toBeGreaterThan(0);
    expect(sample(catalogText, 'miw_db_query_duration_seconds_count', { pool: 'app' })).toBeGreaterThan(0);
  });
});

/** The value of the sample of `name` whose labels include `labels` (label order does not matter); undefined if none. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...match[2]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

