/**
 * The Grafana dashboards, written as data: `npm run dashboards` writes deploy/grafana/dashboards/*.json
 * (committed, provisioned by Grafana's file provider) and `npm run dashboards -- --check` fails when
 * they are stale. Every metric a panel names must exist on some service's /metrics
 * (test/e2e/metrics-exist.test.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Unit = 'reqps' | 'ops' | 's' | 'percentunit' | 'short' | 'none';

interface Panel {
  title: string;
  /** PromQL, one query per series group; `$region` is the dashboard's region variable. */
  queries: { expr: string; legend: string }[];
  unit: Unit;
  kind?: 'timeseries' | 'stat';
  description?: string;
}

interface Dashboard {
  uid: string;
  title: string;
  description: string;
  rows: { title: string; panels: Panel[] }[];
}

const q = (expr: string, legend: string) => ({ expr, legend });
const p95 = (metric: string, by: string, filter = 'region="$region"') => `histogram_quantile(0.95, sum by (le, ${by}) (rate(${metric}_bucket{${filter}}[5m])))`;

export const DASHBOARDS: Dashboard[] = [
  {
    uid: 'miw-overview',
    title: 'MadeInWorld / Overview',
    description: 'Every service of one region: traffic, errors, latency, events',
    rows: [
      {
        title: 'Requests',
        panels: [
          { title: 'Requests per second by service', unit: 'reqps', queries: [q('sum by (service) (rate(miw_http_requests_total{region="$region"}[5m]))', '{{service}}')] },
          {
            title: '5xx ratio by service',
            unit: 'percentunit',
            description: 'Alert MiwHigh5xxRatio above 1 %',
            queries: [q('sum by (service) (rate(miw_http_requests_total{region="$region",status_class="5xx"}[5m])) / sum by (service) (rate(miw_http_requests_total{region="$region"}[5m]))', '{{service}}')],
          },
          { title: 'p95 GraphQL latency by service', unit: 's', description: 'Alert MiwHighLatencyP95 above 500 ms', queries: [q(p95('miw_http_request_duration_seconds', 'service', 'region="$region",route="/graphql"'), '{{service}}')] },
          { title: 'Targets up', unit: 'short', kind: 'stat', queries: [q('sum(up{job=~"miw-.*"})', 'up'), q('count(up{job=~"miw-.*"} == 0) or vector(0)', 'down')] },
        ],
      },
      {
        title: 'Resources',
        panels: [
          { title: 'Resident memory by service', unit: 'short', queries: [q('sum by (service) (process_resident_memory_bytes{region="$region"})', '{{service}}')] },
          { title: 'Event loop lag p99 by service', unit: 's', queries: [q('max by (service) (nodejs_eventloop_lag_p99_seconds{region="$region"})', '{{service}}')] },
          { title: 'Database pool: waiting requests', unit: 'short', queries: [q('sum by (service, pool) (miw_db_pool_connections{region="$region",state="waiting"})', '{{service}} {{pool}}')] },
          { title: 'Database statement p95 by service', unit: 's', queries: [q(p95('miw_db_query_duration_seconds', 'service'), '{{service}}')] },
        ],
      },
      {
        title: 'Events',
        panels: [
          { title: 'Outbox backlog by service', unit: 'short', description: 'Alert MiwOutboxBacklogGrowing', queries: [q('max by (service) (miw_outbox_backlog{region="$region"})', '{{service}}')] },
          { title: 'Oldest unpublished event', unit: 's', description: 'Alert MiwOutboxStuck above 5 min', queries: [q('max by (service) (miw_outbox_oldest_age_seconds{region="$region"})', '{{service}}')] },
          { title: 'Kafka consumer lag by group', unit: 'short', description: 'Alert MiwConsumerLag above 1000', queries: [q('sum by (group) (miw_kafka_consumer_lag{region="$region"})', '{{group}}')] },
        ],
      },
    ],
  },
  {
    uid: 'miw-gateway',
    title: 'MadeInWorld / Gateway',
    description: 'The gateway of one region: operations, subgraphs, breakers, sockets, rate limits',
    rows: [
      {
        title: 'Operations',
        panels: [
          { title: 'Operations per second (top 10)', unit: 'ops', queries: [q('topk(10, sum by (operation, type) (rate(miw_graphql_operations_total{service="gateway",region="$region"}[5m])))', '{{type}} {{operation}}')] },
          { title: 'Failed operations per second (top 10)', unit: 'ops', queries: [q('topk(10, sum by (operation) (rate(miw_graphql_operations_total{service="gateway",region="$region",outcome="error"}[5m])))', '{{operation}}')] },
          { title: 'p95 by operation (top 10)', unit: 's', queries: [q(`topk(10, ${p95('miw_graphql_operation_duration_seconds', 'operation', 'service="gateway",region="$region"')})`, '{{operation}}')] },
          { title: 'Errors by code', unit: 'ops', queries: [q('sum by (code) (rate(miw_graphql_errors_total{service="gateway",region="$region"}[5m]))', '{{code}}')] },
        ],
      },
      {
        title: 'Subgraphs',
        panels: [
          { title: 'Fetch p95 by subgraph', unit: 's', queries: [q(p95('miw_gateway_subgraph_fetch_duration_seconds', 'subgraph'), '{{subgraph}}')] },
          { title: 'Fetch errors by subgraph and reason', unit: 'ops', description: 'Alert MiwSubgraphFetchErrors above 5 %', queries: [q('sum by (subgraph, reason) (rate(miw_gateway_subgraph_fetch_errors_total{region="$region"}[5m]))', '{{subgraph}} {{reason}}')] },
          { title: 'Circuit breakers open', unit: 'short', description: 'Alert MiwCircuitBreakerOpen', queries: [q('max by (subgraph) (miw_gateway_breaker_open{region="$region"})', '{{subgraph}}')] },
        ],
      },
      {
        title: 'Sockets and limits',
        panels: [
          { title: 'Open sockets and active subscriptions', unit: 'short', queries: [q('sum(miw_ws_sockets{service="gateway",region="$region"})', 'sockets'), q('sum(miw_subscriptions_active{service="gateway",region="$region"})', 'subscriptions')] },
          { title: 'Subscription delivery p95 (arrival to send)', unit: 's', queries: [q(p95('miw_subscription_delivery_seconds', 'service', 'service="gateway",region="$region"'), 'p95')] },
          { title: 'Rate-limited requests by policy', unit: 'ops', queries: [q('sum by (policy) (rate(miw_gateway_rate_limited_total{region="$region"}[5m]))', '{{policy}}')] },
        ],
      },
    ],
  },
  {
    uid: 'miw-sync',
    title: 'MadeInWorld / Sync across regions',
    description: 'The sync worker: applied, skipped, dead-lettered, lag in both directions',
    rows: [
      {
        title: 'Flow',
        panels: [
          { title: 'Applied events per second', unit: 'ops', queries: [q('sum by (direction, entity) (rate(sync_events_applied_total[5m]))', '{{direction}} {{entity}}')] },
          {
            title: 'Skipped events per second (stale, duplicate)',
            unit: 'ops',
            queries: [q('sum by (direction) (rate(sync_events_stale_total[5m]))', 'stale {{direction}}'), q('sum by (direction) (rate(sync_events_duplicate_total[5m]))', 'duplicate {{direction}}')],
          },
          { title: 'Commit-to-apply p95', unit: 's', description: 'Alert MiwSyncLagHigh above 60 s', queries: [q('histogram_quantile(0.95, sum by (le, direction) (rate(sync_commit_to_apply_seconds_bucket[5m])))', '{{direction}}')] },
        ],
      },
      {
        title: 'Trouble',
        panels: [
          { title: 'Dead letters waiting', unit: 'short', kind: 'stat', description: 'Alert MiwDeadLetters above 0', queries: [q('max by (direction) (sync_dlq_size)', '{{direction}}')] },
          { title: 'Dead-lettered per second by reason', unit: 'ops', queries: [q('sum by (direction, reason) (rate(sync_dead_lettered_total[5m]))', '{{direction}} {{reason}}')] },
          { title: 'Transient retries per second', unit: 'ops', queries: [q('sum by (direction) (rate(sync_transient_retries_total[5m]))', '{{direction}}')] },
          { title: 'Global outboxes (catalog, auth)', unit: 'short', queries: [q('max by (service, region) (miw_outbox_backlog{service=~"catalog|auth"})', '{{service}} {{region}}')] },
        ],
      },
    ],
  },
  {
    uid: 'miw-commerce',
    title: 'MadeInWorld / Commerce',
    description: 'Checkouts, orders and stock of one region',
    rows: [
      {
        title: 'Orders',
        panels: [
          { title: 'Checkouts per minute by result', unit: 'short', queries: [q('sum by (result) (rate(miw_checkouts_total{region="$region"}[5m])) * 60', '{{result}}')] },
          { title: 'Order transitions per minute by status', unit: 'short', queries: [q('sum by (status) (rate(miw_order_transitions_total{region="$region"}[5m])) * 60', '{{status}}')] },
          { title: 'Checkout latency p95', unit: 's', queries: [q(p95('miw_graphql_operation_duration_seconds', 'service', 'service="orders",region="$region",type="mutation"'), 'orders mutations')] },
        ],
      },
      {
        title: 'Stock',
        panels: [
          { title: 'Inventory operations per second', unit: 'ops', queries: [q('sum by (type) (rate(miw_graphql_operations_total{service="inventory",region="$region"}[5m]))', '{{type}}')] },
          { title: 'Inventory consumer lag', unit: 'short', queries: [q('sum by (group) (miw_kafka_consumer_lag{service="inventory",region="$region"})', '{{group}}')] },
        ],
      },
    ],
  },
  {
    uid: 'miw-notifications',
    title: 'MadeInWorld / Notifications',
    description: 'Notifications by channel, webhook deliveries, notify consumers of one region',
    rows: [
      {
        title: 'Channels',
        panels: [
          { title: 'Notifications per minute by channel', unit: 'short', queries: [q('sum by (channel) (rate(miw_notifications_total{region="$region"}[5m])) * 60', '{{channel}}')] },
          { title: 'Webhook deliveries per minute by result', unit: 'short', queries: [q('sum by (result) (rate(miw_webhook_deliveries_total{region="$region"}[5m])) * 60', '{{result}}')] },
          {
            title: 'Webhook failure ratio',
            unit: 'percentunit',
            queries: [q('sum(rate(miw_webhook_deliveries_total{region="$region",result!="delivered"}[5m])) / sum(rate(miw_webhook_deliveries_total{region="$region"}[5m]))', 'failed')],
          },
        ],
      },
      {
        title: 'Pipeline',
        panels: [
          { title: 'Notify consumer lag by group', unit: 'short', queries: [q('sum by (group) (miw_kafka_consumer_lag{service="notify",region="$region"})', '{{group}}')] },
          { title: 'Notify outbox backlog', unit: 'short', queries: [q('max(miw_outbox_backlog{service="notify",region="$region"})', 'backlog')] },
        ],
      },
    ],
  },
];

/** Grafana's dashboard JSON (schema 39) of one dashboard: rows of panels, 4 panels a row at most. */
export function render(dashboard: Dashboard): object {
  const panels: object[] = [];
  let id = 1;
  let y = 0;
  for (const row of dashboard.rows) {
    panels.push({ id: id++, type: 'row', title: row.title, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
    y += 1;
    const width = Math.floor(24 / Math.min(4, row.panels.length));
    row.panels.forEach((panel, i) => {
      panels.push({
        id: id++,
        type: panel.kind ?? 'timeseries',
        title: panel.title,
        ...(panel.description ? { description: panel.description } : {}),
        datasource: { type: 'prometheus', uid: '${datasource}' },
        gridPos: { h: 8, w: width, x: (i % 4) * width, y: y + Math.floor(i / 4) * 8 },
        fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
        options: panel.kind === 'stat' ? { reduceOptions: { calcs: ['lastNotNull'] } } : { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } },
        targets: panel.queries.map((query, j) => ({ refId: String.fromCharCode(65 + j), expr: query.expr, legendFormat: query.legend, datasource: { type: 'prometheus', uid: '${datasource}' } })),
      });
    });
    y += Math.ceil(row.panels.length / 4) * 8;
  }
  return {
    uid: dashboard.uid,
    title: dashboard.title,
    description: dashboard.description,
    tags: ['madeinworld'],
    schemaVersion: 39,
    version: 1,
    editable: true,
    time: { from: 'now-6h', to: 'now' },
    refresh: '30s',
    templating: {
      list: [
        { name: 'datasource', type: 'datasource', query: 'prometheus', label: 'Data source' },
        { name: 'region', type: 'query', label: 'Region', datasource: { type: 'prometheus', uid: '${datasource}' }, query: 'label_values(miw_http_requests_total, region)', refresh: 1, current: { text: 'eu', value: 'eu' } },
      ],
    },
    panels,
  };
}

/** Every metric family a dashboard names (histogram series reduced to their family). */
export function metricsOf(expr: string): string[] {
  const names = expr.match(/\b(?:miw|sync)_[a-z0-9_]+/g) ?? [];
  return [...new Set(names.map((n) => n.replace(/_(bucket|count|sum)$/, '')))];
}

const outDir = join(__dirname, 'dashboards');
const fileOf = (d: Dashboard) => join(outDir, `${d.uid}.json`);
const textOf = (d: Dashboard) => `${JSON.stringify(render(d), null, 2)}\n`;

if (require.main === module) {
  const check = process.argv.includes('--check');
  mkdirSync(outDir, { recursive: true });
  const stale = DASHBOARDS.filter((d) => {
    const current = (() => {
      try {
        return readFileSync(fileOf(d), 'utf8');
      } catch {
        return '';
      }
    })();
    if (current === textOf(d)) return false;
    if (!check) writeFileSync(fileOf(d), textOf(d));
    return true;
  });
  if (check && stale.length > 0) {
    process.stderr.write(`stale dashboards: ${stale.map((d) => d.uid).join(', ')} (run npm run dashboards)\n`);
    process.exit(1);
  }
  process.stdout.write(`${check ? 'dashboards are up to date' : `wrote ${stale.length} of ${DASHBOARDS.length} dashboards to ${outDir}`}\n`);
}
