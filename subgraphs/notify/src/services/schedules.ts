/**
 * Scheduled jobs of notify: the low-stock digest (every LOW_STOCK_DIGEST_INTERVAL_MS) and the
 * daily report (once per UTC day, after DAILY_REPORT_HOUR_UTC:15). A run of a job for a slot is
 * claimed by inserting its notify.scheduled_run row: whoever inserts it runs it, so several notify
 * instances run each slot once. A run that fails gives its row up (the next tick retries); a run
 * whose instance died keeps its row unfinished and is taken over after STALE_RUN_MS. The jobs are
 * themselves idempotent (digested levels are marked in the digest's transaction; notifications
 * are unique per source and user), so a takeover of a run that did finish sends nothing twice.
 */
import type { Pool } from 'pg';
import type { RegionCode } from '@miw/contracts';
import type { Logger } from '@miw/logging';
import { claimRun, finishRun, releaseRun } from '../data/schedules';
import type { NotifyDb } from '../data/db';
import { digestSlot } from '../domain/digest';
import { reportDueDay } from '../domain/reports';
import { sendLowStockDigest } from './low-stock-digest';
import { sendDailyReport } from './reports';

export const JOBS = ['low-stock-digest', 'daily-report'] as const;
export type JobName = (typeof JOBS)[number];

/** An unfinished run older than this is presumed dead (its instance crashed) and taken over. */
const STALE_RUN_MS = 10 * 60_000;

export interface ScheduleDeps {
  pool: Pool;
  db: NotifyDb;
  region: RegionCode;
  logger: Logger;
  /** Who claims runs (instance id), written to scheduled_run.holder. */
  holder: string;
  lowStockDigestIntervalMs: number;
  dailyReportHourUtc: number;
}

/** The slot of each job that is due at `now`. */
export const dueSlots = (deps: Pick<ScheduleDeps, 'lowStockDigestIntervalMs' | 'dailyReportHourUtc'>, now: Date): Record<JobName, Date> => ({
  'low-stock-digest': digestSlot(now, deps.lowStockDigestIntervalMs),
  'daily-report': reportDueDay(now, deps.dailyReportHourUtc),
});

async function perform(deps: ScheduleDeps, job: JobName, slot: Date): Promise<Record<string, unknown>> {
  if (job === 'low-stock-digest') return sendLowStockDigest(deps, slot);
  return { notifications: await sendDailyReport(deps, slot) };
}

/**
 * Runs `job` for `slot` unless another run claimed it: answers 'ran' or 'claimed elsewhere'. A
 * failure releases the claim and is thrown.
 */
export async function runJob(deps: ScheduleDeps, job: JobName, slot: Date): Promise<'ran' | 'claimed elsewhere'> {
  const { pool, holder, logger } = deps;
  if (!(await claimRun(pool, job, slot, holder, STALE_RUN_MS))) return 'claimed elsewhere';
  try {
    const outcome = await perform(deps, job, slot);
    await finishRun(pool, job, slot, holder);
    logger.info({ job, slot: slot.toISOString(), ...outcome }, 'scheduled job ran');
    return 'ran';
  } catch (error) {
    await releaseRun(pool, job, slot, holder).catch((e: unknown) => logger.warn({ err: e, job }, 'could not release a failed run; it is taken over once stale'));
    throw error;
  }
}
