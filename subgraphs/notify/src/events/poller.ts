/**
 * A background loop over a database queue (the email and webhook workers): runs `pass` every
 * `intervalMs`, and again at once while a pass reports it found a full batch (a backlog drains
 * without waiting). A failing pass is logged and the next interval tries again; `stop` waits for
 * the pass in flight.
 */
import type { Logger } from '@miw/logging';
import type { BackgroundWorker } from '@miw/service-kit';

export interface PollerOptions {
  intervalMs: number;
  /** One pass; resolves true when more work is waiting. */
  pass(): Promise<boolean>;
  logger: Logger;
}

export function createPoller({ intervalMs, pass, logger }: PollerOptions): BackgroundWorker {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;
  const schedule = (ms: number) => {
    if (!stopped) timer = setTimeout(tick, ms);
  };
  const tick = () => {
    timer = undefined;
    running = pass()
      .then((more) => schedule(more ? 0 : intervalMs))
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'queue pass failed; retrying next interval');
        schedule(intervalMs);
      });
  };
  return {
    start: async () => {
      stopped = false;
      schedule(0);
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
