/**
 * The workers behind the digests, reports and sync alerts: the consumers feeding the low-stock
 * digest, the daily counters and the sync alerts, and the scheduler running the digest and report
 * jobs (on unless NOTIFY_SCHEDULES says otherwise; off by default under NODE_ENV=test, where tests
 * run the jobs directly with `runJob` rather than wait for the clock).
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { DomainServiceEnv } from '@miw/config';
import type { BackgroundWorker } from '@miw/service-kit';
import type { NotifyDb } from '../data/db';
import type { ScheduleDeps } from '../services/schedules';
import { createLowStockDigestConsumer } from './low-stock-digest';
import type { NotificationConsumerDeps } from './notification-consumer';
import { createReportStatsConsumer } from './report-stats';
import { createScheduler } from './scheduler';
import { createSyncAlertConsumer } from './sync-alerts';

/** The job settings of the environment, with the instance's holder id. */
function scheduleSettings(env: DomainServiceEnv): Pick<ScheduleDeps, 'holder' | 'lowStockDigestIntervalMs' | 'dailyReportHourUtc'> & { enabled: boolean } {
  return {
    holder: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    lowStockDigestIntervalMs: env.LOW_STOCK_DIGEST_INTERVAL_MS,
    dailyReportHourUtc: env.DAILY_REPORT_HOUR_UTC,
    enabled: env.NOTIFY_SCHEDULES ?? env.NODE_ENV !== 'test',
  };
}

export function createScheduleWorkers(deps: NotificationConsumerDeps & { db: NotifyDb; env: DomainServiceEnv }): BackgroundWorker[] {
  const { enabled, ...settings } = scheduleSettings(deps.env);
  // A tick at most every 30 s, and at least twice per digest interval so no slot is skipped.
  const tickMs = Math.min(30_000, Math.floor(settings.lowStockDigestIntervalMs / 2));
  return [
    createLowStockDigestConsumer(deps),
    createReportStatsConsumer(deps),
    createSyncAlertConsumer(deps),
    ...(enabled ? [createScheduler({ pool: deps.pool, db: deps.db, region: deps.region, logger: deps.logger, ...settings }, { tickMs })] : []),
  ];
}
