import { createSyncMetrics, RollingStats } from './metrics';

describe('sync metrics', () => {
  it('keeps lag percentiles over the last events and throughput over the last seconds', () => {
    const stats = new RollingStats(100, 10_000);
    expect(stats.percentile(99)).toBeNull();
    for (let i = 1; i <= 200; i++) stats.record(i, 1_000_000 + i * 10);
    // Only the last 100 lags (101..200) are kept.
    expect(stats.percentile(50)).toBe(150);
    expect(stats.percentile(99)).toBe(199);
    expect(stats.perSecond(1_000_000 + 2_000)).toBe(20);
    expect(stats.perSecond(1_000_000 + 60_000)).toBe(0);
  });

  it('registers the Prometheus series of the worker', async () => {
    const metrics = createSyncMetrics();
    metrics.applied.inc({ direction: 'eu-to-cn', entity: 'Product' });
    metrics.lag.observe({ direction: 'eu-to-cn' }, 0.02);
    const text = await metrics.registry.metrics();
    expect(text).toContain('sync_events_applied_total{direction="eu-to-cn",entity="Product"} 1');
    expect(text).toContain('sync_commit_to_apply_seconds_bucket{le="0.025",direction="eu-to-cn"} 1');
  });
});
