/** Runs of scheduled jobs (notify.scheduled_run): claiming a (job, slot), finishing it, giving it up. */
import type { Pool } from 'pg';

/**
 * Claims the run of `job` for `slot` for `holder`: true when this caller must run it. A row that
 * exists answers false, unless its run never finished and started more than `staleMs` ago (its
 * instance crashed or hung): then it is taken over, in the same statement, by one caller only.
 */
export async function claimRun(pool: Pool, job: string, slot: Date, holder: string, staleMs: number): Promise<boolean> {
  const { rowCount } = await pool.query(
    `INSERT INTO notify.scheduled_run (job, slot, holder) VALUES ($1, $2, $3)
     ON CONFLICT (job, slot) DO UPDATE SET holder = EXCLUDED.holder, started_at = now()
       WHERE notify.scheduled_run.finished_at IS NULL AND notify.scheduled_run.started_at < now() - make_interval(secs => $4::double precision / 1000)`,
    [job, slot, holder, staleMs],
  );
  return rowCount === 1;
}

/** Marks the holder's run finished. */
export async function finishRun(pool: Pool, job: string, slot: Date, holder: string): Promise<void> {
  await pool.query(`UPDATE notify.scheduled_run SET finished_at = now() WHERE job = $1 AND slot = $2 AND holder = $3`, [job, slot, holder]);
}

/** Gives up the holder's unfinished run (it failed): the next tick of any instance claims it again. */
export async function releaseRun(pool: Pool, job: string, slot: Date, holder: string): Promise<void> {
  await pool.query(`DELETE FROM notify.scheduled_run WHERE job = $1 AND slot = $2 AND holder = $3 AND finished_at IS NULL`, [job, slot, holder]);
}
