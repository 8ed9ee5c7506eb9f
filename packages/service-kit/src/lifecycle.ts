/** Graceful shutdown: the first SIGINT/SIGTERM runs every closer once; a second one exits at once. */
import type { Logger } from '@miw/logging';

export type Closer = () => Promise<unknown> | unknown;

export function onShutdown(logger: Logger, closers: Closer[], { timeoutMs = 10_000 } = {}): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    let failed = false;
    for (const close of closers) {
      try {
        await close();
      } catch (error) {
        failed = true;
        logger.error({ err: error }, 'error while shutting down');
      }
    }
    logger.info('stopped');
    process.exit(failed ? 1 : 0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/** Logs and exits on a start-up failure, with the message first so it is the line people read. */
export function exitOnStartupError(logger: Logger, service: string) {
  return (error: unknown) => {
    logger.fatal({ err: error }, `${service} failed to start: ${(error as Error).message}`);
    process.exit(1);
  };
}
