/**
 * Prometheus metrics of one worker process (served at /metrics on the health port) and the rolling
 * figures behind `syncStatus`: lag percentiles over the last events, events per second over the
 * last seconds.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface SyncMetrics {
  registry: Registry;
  applied: Counter<'direction' | 'entity'>;
  stale: Counter<'direction' | 'entity'>;
  duplicate: Counter<'direction' | 'entity'>;
  conflicts: Counter<'direction' | 'entity'>;
  deadLettered: Counter<'direction' | 'reason'>;
  retries: Counter<'direction'>;
  lag: Histogram<'direction'>;
  dlqSize: Gauge<'direction'>;
}

export function createSyncMetrics(registry = new Registry()): SyncMetrics {
  const labels = ['direction', 'entity'] as const;
  return {
    registry,
    applied: new Counter({ name: 'sync_events_applied_total', help: 'Events that changed a row in the target region', labelNames: labels, registers: [registry] }),
    stale: new Counter({ name: 'sync_events_stale_total', help: 'Events older than the stored row (lost last-writer-wins)', labelNames: labels, registers: [registry] }),
    duplicate: new Counter({ name: 'sync_events_duplicate_total', help: 'Redelivered events already in the inbox', labelNames: labels, registers: [registry] }),
    conflicts: new Counter({ name: 'sync_conflicts_total', help: 'Conflicts resolved by version order (an incoming version lost against the stored one)', labelNames: labels, registers: [registry] }),
    deadLettered: new Counter({ name: 'sync_dead_lettered_total', help: 'Messages sent to the dead-letter topic', labelNames: ['direction', 'reason'], registers: [registry] }),
    retries: new Counter({ name: 'sync_transient_retries_total', help: 'Retries after a transient failure (database or broker unavailable)', labelNames: ['direction'], registers: [registry] }),
    lag: new Histogram({
      name: 'sync_commit_to_apply_seconds',
      help: 'Time from the change in the origin region to its apply commit in the target region',
      labelNames: ['direction'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    dlqSize: new Gauge({ name: 'sync_dlq_size', help: 'Dead letters not replayed yet', labelNames: ['direction'], registers: [registry] }),
  };
}

/** Lag percentiles over the last `capacity` events and throughput over the last `windowMs`. */
export class RollingStats {
  private readonly lags: number[] = [];
  private next = 0;
  private readonly applies: { at: number; n: number }[] = [];

  constructor(
    private readonly capacity = 10_000,
    private readonly windowMs = 10_000,
  ) {}

  record(lagMs: number, at = Date.now()): void {
    if (this.lags.length < this.capacity) this.lags.push(lagMs);
    else this.lags[this.next] = lagMs;
    this.next = (this.next + 1) % this.capacity;
    const last = this.applies[this.applies.length - 1];
    if (last && last.at === at) last.n += 1;
    else this.applies.push({ at, n: 1 });
  }

  /** The lags kept (ms), oldest first not guaranteed. */
  snapshot(): number[] {
    return [...this.lags];
  }

  percentile(p: number): number | null {
    if (this.lags.length === 0) return null;
    const sorted = [...this.lags].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  }

  perSecond(now = Date.now()): number {
    while (this.applies.length && this.applies[0]!.at < now - this.windowMs) this.applies.shift();
    return this.applies.reduce((sum, a) => sum + a.n, 0) / (this.windowMs / 1000);
  }
}
