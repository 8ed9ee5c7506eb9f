/**
 * The scheduler worker: every `tickMs`, runs each job whose due slot this instance has not seen
 * done yet (see services/schedules.ts: the claim decides which instance runs it). A failed run is
 * logged and tried again at the next tick.
 */
import type { BackgroundWorker } from '@miw/service-kit';
import { dueSlots, JOBS, runJob, type JobName, type ScheduleDeps } from '../services/schedules';

export function createScheduler(deps: ScheduleDeps, { tickMs = 30_000, now = () => new Date() }: { tickMs?: number; now?: () => Date } = {}): BackgroundWorker {
  const log = deps.logger.child({ component: 'scheduler' });
  /** The last slot of each job this instance ran: no claim is attempted for it again. */
  const done = new Map<JobName, number>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  async function tick(): Promise<void> {
    const slots = dueSlots(deps, now());
    for (const job of JOBS) {
      const slot = slots[job];
      if (done.get(job) === slot.getTime() || stopped) continue;
      try {
        // Only a run of our own is known done: a slot claimed elsewhere is asked again each tick
        // (one cheap statement), which is how a run whose instance died gets taken over.
        if ((await runJob({ ...deps, logger: log }, job, slot)) === 'ran') done.set(job, slot.getTime());
      } catch (error) {
        log.error({ err: error, job, slot: slot.toISOString() }, 'scheduled job failed; retrying at the next tick');
      }
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(schedule);
    }, tickMs);
  }

  return {
    start: async () => {
      stopped = false;
      schedule();
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
