/**
 * The Prometheus metrics every service exposes on its internal ops listener. One registry per
 * process, labelled with the service and the region; the families below are the names alerts and
 * dashboards use (deploy/prometheus, deploy/grafana): rename one there too, a test checks them.
 *
 * Label values are bounded: operation names pass through `BoundedLabel` (a fixed number of
 * distinct names, then `other`), error codes through the known codes, statuses through classes.
 * No id, no raw query, no address ever becomes a label.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Latency buckets (seconds) shared by request, fetch and query histograms. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface ServiceMetrics {
  registry: Registry;
  operations: Counter<'operation' | 'type' | 'outcome'>;
  operationDuration: Histogram<'operation' | 'type'>;
  errors: Counter<'code'>;
  httpRequests: Counter<'route' | 'status_class'>;
  httpDuration: Histogram<'route'>;
  dbPool: Gauge<'pool' | 'state'>;
  dbQueryDuration: Histogram<'pool'>;
  outboxBacklog: Gauge;
  outboxOldestAge: Gauge;
  consumerLag: Gauge<'group' | 'topic'>;
  sockets: Gauge;
  subscriptions: Gauge;
  deliveryLatency: Histogram;
  /** The bounded operation-name label of this process. */
  operationLabel: BoundedLabel;
  /**
   * Runs `refresh` before each scrape of `gauge` (several per gauge run in order; a failing one
   * leaves its series at their last value): for figures read from a pool, a table or Kafka.
   */
  beforeScrape(gauge: Gauge<string>, refresh: () => void | Promise<void>): void;
  /** A counter of this registry (a service's own families: business counters and the like). */
  counter<L extends string>(name: string, help: string, labelNames?: readonly L[]): Counter<L>;
  gauge<L extends string>(name: string, help: string, labelNames?: readonly L[]): Gauge<L>;
  /** A histogram with the shared latency buckets (seconds). */
  histogram<L extends string>(name: string, help: string, labelNames?: readonly L[]): Histogram<L>;
}

/**
 * Keeps a label's value set bounded: the first `max` well-formed values pass as they are, any
 * later new value (and anything malformed) becomes `other`. Operation names come from clients,
 * so without this a client could create a time series per request.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();
  constructor(
    private readonly max = 100,
    private readonly pattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/,
  ) {}

  of(value: string | null | undefined, fallback = 'anonymous'): string {
    if (!value) return fallback;
    if (!this.pattern.test(value)) return 'other';
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(value);
    return value;
  }
}

/** The status class label of an HTTP status (`2xx`, `4xx`, `5xx`). */
export const statusClass = (status: number): string => `${Math.min(5, Math.max(1, Math.floor(status / 100)))}xx`;

export interface MetricsOptions {
  service: string;
  region: string;
  /** Process metrics (CPU, memory, event loop lag, GC); off in unit tests. */
  defaults?: boolean;
  /** Distinct operation names kept before `other` (default 100). */
  maxOperations?: number;
}

export function createServiceMetrics({ service, region, defaults = true, maxOperations = 100 }: MetricsOptions): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service, region });
  if (defaults) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const hooks = new Map<Gauge<string>, Array<() => void | Promise<void>>>();
  // Gauges read at scrape time get a collect() that runs their refreshers.
  const live = <L extends string>(config: { name: string; help: string; labelNames?: readonly L[] }): Gauge<L> => {
    const gauge: Gauge<L> = new Gauge<L>({
      ...config,
      registers,
      async collect() {
        for (const refresh of hooks.get(gauge as Gauge<string>) ?? []) await Promise.resolve(refresh()).catch(() => undefined);
      },
    });
    return gauge;
  };
  return {
    registry,
    operations: new Counter({ name: 'miw_graphql_operations_total', help: 'GraphQL operations by name, type and outcome (ok, error)', labelNames: ['operation', 'type', 'outcome'], registers }),
    operationDuration: new Histogram({ name: 'miw_graphql_operation_duration_seconds', help: 'GraphQL operation duration, parse to response', labelNames: ['operation', 'type'], buckets: LATENCY_BUCKETS, registers }),
    errors: new Counter({ name: 'miw_graphql_errors_total', help: 'GraphQL errors answered, by extensions.code', labelNames: ['code'], registers }),
    httpRequests: new Counter({ name: 'miw_http_requests_total', help: 'HTTP requests by route and status class', labelNames: ['route', 'status_class'], registers }),
    httpDuration: new Histogram({ name: 'miw_http_request_duration_seconds', help: 'HTTP request duration by route', labelNames: ['route'], buckets: LATENCY_BUCKETS, registers }),
    dbPool: live({ name: 'miw_db_pool_connections', help: 'PostgreSQL pool connections by pool and state (total, idle, waiting requests)', labelNames: ['pool', 'state'] }),
    dbQueryDuration: new Histogram({ name: 'miw_db_query_duration_seconds', help: 'PostgreSQL statement duration by pool', labelNames: ['pool'], buckets: LATENCY_BUCKETS, registers }),
    outboxBacklog: live({ name: 'miw_outbox_backlog', help: 'Outbox rows committed and not yet published to Kafka' }),
    outboxOldestAge: live({ name: 'miw_outbox_oldest_age_seconds', help: 'Age of the oldest unpublished outbox row (relay lag; 0 when empty)' }),
    consumerLag: live({ name: 'miw_kafka_consumer_lag', help: 'Messages behind the end of each topic, per consumer group', labelNames: ['group', 'topic'] }),
    sockets: new Gauge({ name: 'miw_ws_sockets', help: 'Open graphql-ws sockets', registers }),
    subscriptions: new Gauge({ name: 'miw_subscriptions_active', help: 'Active GraphQL subscriptions', registers }),
    deliveryLatency: new Histogram({ name: 'miw_subscription_delivery_seconds', help: 'From an event reaching the gateway to its delivery to the subscribers (the plan\'s other fields resolved)', buckets: LATENCY_BUCKETS, registers }),
    operationLabel: new BoundedLabel(maxOperations),
    beforeScrape(gauge, refresh) {
      hooks.set(gauge, [...(hooks.get(gauge) ?? []), refresh]);
    },
    counter: (name, help, labelNames = []) => new Counter({ name, help, labelNames, registers }),
    gauge: (name, help, labelNames = []) => new Gauge({ name, help, labelNames, registers }),
    histogram: (name, help, labelNames = []) => new Histogram({ name, help, labelNames, buckets: LATENCY_BUCKETS, registers }),
  };
}

/** What a pg.Pool tells about itself (pg's Pool has these three counters). */
interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** Reports the connections of `pool` under `name` at every scrape. */
export function observePool(metrics: ServiceMetrics, name: string, pool: PoolCounts): void {
  metrics.beforeScrape(metrics.dbPool, () => {
    metrics.dbPool.set({ pool: name, state: 'total' }, pool.totalCount);
    metrics.dbPool.set({ pool: name, state: 'idle' }, pool.idleCount);
    metrics.dbPool.set({ pool: name, state: 'waiting' }, pool.waitingCount);
  });
}

/** A pool's query method, as far as the outbox observer needs it. */
interface Queryable {
  query<R extends object>(sql: string): Promise<{ rows: R[] }>;
}

/** Reports the unpublished outbox rows of `schema` and the age of the oldest, at every scrape. */
export function observeOutbox(metrics: ServiceMetrics, schema: string, db: Queryable): void {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema ${schema}`);
  const sql = `SELECT count(*)::int AS n, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age FROM "${schema}".outbox WHERE published_at IS NULL`;
  let last: Promise<{ n: number; age: number }> | undefined;
  // Both gauges are scraped together: one query answers both.
  const read = () => (last ??= db.query<{ n: number; age: number }>(sql).then((r) => r.rows[0]!).finally(() => setTimeout(() => (last = undefined), 500).unref()));
  metrics.beforeScrape(metrics.outboxBacklog, async () => void metrics.outboxBacklog.set((await read()).n));
  metrics.beforeScrape(metrics.outboxOldestAge, async () => void metrics.outboxOldestAge.set((await read()).age));
}

/** Reports each consumer group's lag per topic at every scrape (`read`: e.g. EventBus.consumerLag). */
export function observeConsumerLag(metrics: ServiceMetrics, read: () => Promise<{ group: string; topic: string; lag: number }[]>): void {
  metrics.beforeScrape(metrics.consumerLag, async () => {
    const rows = await read();
    metrics.consumerLag.reset();
    for (const { group, topic, lag } of rows) metrics.consumerLag.set({ group, topic }, lag);
  });
}

/**
 * A counter declared at module level by the code that counts (a domain's business counters:
 * checkouts, order transitions, notifications), registered on the service's registry when the
 * app is created (`bind`); counting before that, or in a process without metrics, is a no-op.
 * Several apps of one kind in one process (tests) count into the last one bound.
 */
export class BusinessCounter<L extends string> {
  private counter: Counter<L> | undefined;
  constructor(
    private readonly name: string,
    private readonly help: string,
    private readonly labelNames: readonly L[],
  ) {}

  bind(metrics: ServiceMetrics): void {
    const existing = metrics.registry.getSingleMetric(this.name) as Counter<L> | undefined;
    this.counter = existing ?? metrics.counter(this.name, this.help, this.labelNames);
  }

  inc(labels: Partial<Record<L, string>>, value = 1): void {
    this.counter?.inc(labels, value);
  }
}
