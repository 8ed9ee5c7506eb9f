import { BoundedLabel, createServiceMetrics, observeOutbox, observePool, statusClass } from './metrics';

describe('BoundedLabel', () => {
  it('keeps the first names, then answers other; malformed names are other at once', () => {
    const label = new BoundedLabel(2);
    expect(label.of('Products')).toBe('Products');
    expect(label.of('Orders')).toBe('Orders');
    expect(label.of('Products')).toBe('Products');
    expect(label.of('Third')).toBe('other');
    expect(label.of(undefined)).toBe('anonymous');
    expect(new BoundedLabel().of('x { __typename }')).toBe('other');
    expect(new BoundedLabel().of('a'.repeat(65))).toBe('other');
  });
});

describe('createServiceMetrics', () => {
  it('labels every series with the service and region, and refreshes live gauges at scrape time', async () => {
    const metrics = createServiceMetrics({ service: 'catalog', region: 'eu', defaults: false });
    const pool = { totalCount: 4, idleCount: 3, waitingCount: 0 };
    observePool(metrics, 'app', pool);
    const queries: string[] = [];
    observeOutbox(metrics, 'catalog', {
      query: async <R extends object>(sql: string) => (queries.push(sql), { rows: [{ n: 7, age: 12.5 } as unknown as R] }),
    });
    pool.waitingCount = 2;
    const text = await metrics.registry.metrics();
    expect(text).toContain('miw_db_pool_connections{pool="app",state="waiting",service="catalog",region="eu"} 2');
    expect(text).toContain('miw_outbox_backlog{service="catalog",region="eu"} 7');
    expect(text).toContain('miw_outbox_oldest_age_seconds{service="catalog",region="eu"} 12.5');
    // One query answers both outbox gauges.
    expect(queries).toHaveLength(1);
  });

  it('keeps a failing refresher from failing the scrape', async () => {
    const metrics = createServiceMetrics({ service: 'orders', region: 'cn', defaults: false });
    observeOutbox(metrics, 'orders', { query: () => Promise.reject(new Error('database down')) });
    await expect(metrics.registry.metrics()).resolves.toContain('miw_outbox_backlog');
  });

  it('refuses a schema name that is not an identifier', () => {
    const metrics = createServiceMetrics({ service: 'orders', region: 'cn', defaults: false });
    expect(() => observeOutbox(metrics, 'x"; DROP', { query: async () => ({ rows: [] }) })).toThrow(/invalid schema/);
  });
});

describe('statusClass', () => {
  it('maps statuses to classes', () => {
    expect([200, 304, 404, 429, 500, 503].map(statusClass)).toEqual(['2xx', '3xx', '4xx', '4xx', '5xx', '5xx']);
  });
});
