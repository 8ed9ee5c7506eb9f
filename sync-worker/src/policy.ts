/**
 * Pure rules of the sync worker: which failures are transient (wait and retry, never skip) and
 * which are permanent (retry a few times, then dead-letter), and which event timestamps are too
 * far in the future to trust. How long to wait between tries is @miw/retry's `backoffDelay`.
 */

/** SQLSTATE classes that mean "the database is not able to answer now": connection, resources, shutdown, serialization. */
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '40', '53', '55', '57', '58']);
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export type FailureKind = 'transient' | 'permanent';

/** Infrastructure failures are transient; a statement the database rejects (bad data, constraint) is permanent. */
export function classifyFailure(error: unknown): FailureKind {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (/^[0-9A-Z]{5}$/.test(code)) return TRANSIENT_SQLSTATE_CLASSES.has(code.slice(0, 2)) ? 'transient' : 'permanent';
    if (TRANSIENT_NODE_CODES.has(code)) return 'transient';
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|ECONNREFUSED|ECONNRESET/i.test(message)) return 'transient';
  return 'permanent';
}

/**
 * An event stamped more than `maxSkewMs` after the receiver's clock is not applied: its version
 * would beat every honest write for that long. It is dead-lettered with reason FUTURE_TIMESTAMP
 * (replayable once the clock of its origin is fixed or its time has come). Returns the reason or null.
 */
export function futureTimestamp(stamps: (string | undefined)[], now: Date, maxSkewMs: number): string | null {
  const limit = now.getTime() + maxSkewMs;
  for (const stamp of stamps) {
    if (stamp === undefined) continue;
    const t = Date.parse(stamp);
    if (t > limit) return `timestamp ${stamp} is ${Math.round((t - now.getTime()) / 1000)} s ahead of this clock (limit ${maxSkewMs / 1000} s)`;
  }
  return null;
}
