/**
 * Start-up of the server process: ready when it logs that it accepts connections; a failure names
 * its cause (port taken, early exit with the last lines of output, timeout).
 */
import type { ChildProcess } from 'node:child_process';
import { portTakenError } from './port';
import { forwardLines, type Log } from './process';

const READY_LINE = 'database system is ready to accept connections';

export interface ReadinessOptions {
  /** The command that was run (for the error when it cannot run). */
  command: string;
  port: number;
  timeoutMs: number;
  /** Receives every output line, before and after readiness. */
  log: Log;
}

/** Resolves once `child` reports ready; rejects (and stops the child on timeout) otherwise. */
export function untilReady(child: ChildProcess, { command, port, timeoutMs, log }: ReadinessOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const tail: string[] = [];
    let ready = false;
    const timer = setTimeout(() => {
      fail(new Error(`embedded PostgreSQL: not ready after ${timeoutMs} ms:\n${tail.join('\n')}`));
      child.kill('SIGQUIT');
    }, timeoutMs);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      if (!ready) reject(error);
      ready = true;
    };
    const onLine = (line: string): void => {
      log(line);
      if (ready) return;
      tail.push(line);
      if (tail.length > 30) tail.shift();
      if (line.includes(READY_LINE)) {
        clearTimeout(timer);
        ready = true;
        resolve();
      }
    };
    forwardLines(child.stdout, onLine);
    forwardLines(child.stderr, onLine);
    child.on('error', (error) => fail(new Error(`embedded PostgreSQL: cannot run ${command}: ${error.message}`)));
    child.on('exit', (code, sig) => {
      if (!ready) {
        const output = tail.join('\n');
        fail(
          /could not bind .* Address already in use/.test(output)
            ? portTakenError(port)
            : new Error(`embedded PostgreSQL: postgres exited during start-up (exit ${code ?? sig}):\n${output}`),
        );
      } else {
        log(`embedded-postgres: postgres (pid ${child.pid}) exited (${code ?? sig})`);
      }
    });
  });
}
