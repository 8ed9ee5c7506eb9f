/**
 * Transactional outbox.
 *
 * A domain writes its event rows (`contract.message(...)` of @miw/contracts) in the same database
 * transaction as the change, with `writeOutbox`. The relay then publishes committed rows to
 * Kafka, keyed by entity id, and marks them published. A crash between commit and publish only
 * delays the event: the row stays unpublished until a relay sends it (at-least-once).
 *
 * One relay at a time per domain schema holds a transaction-scoped advisory lock while it sends a
 * batch, so rows go out in commit order per entity even with several service instances.
 */
import type { Pool, PoolClient } from 'pg';
import type { Logger } from '@miw/logging';
import { activeTraceparent, openSpan, type Carrier } from '@miw/observability';
import type { EventEnvelope, OutboxMessage } from '@miw/contracts';
import { backoffDelay, retry } from '@miw/retry';
import type { EventProducer } from './kafka';
import { checkSchemaName, execute, type SqlClient } from './sql';

/** The longest a relay waits between failed attempts: it is publishing again soon after the broker returns. */
const MAX_RELAY_BACKOFF_MS = 5_000;

export interface RelayOptions {
  pool: Pool;
  /** PostgreSQL schema of the domain, e.g. `catalog`. */
  schema: string;
  producer: EventProducer;
  logger: Logger;
  /** Prepended to every topic name (test isolation). */
  topicPrefix?: string;
  batchSize?: number;
  /** Fallback polling interval; NOTIFY wakes the relay at once. */
  pollMs?: number;
}

export interface Relay {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Publishes everything committed so far; returns how many rows were sent. */
  drain(): Promise<number>;
}

export function createOutboxRelay({ pool, schema, producer, logger, topicPrefix = '', batchSize = 500, pollMs = 1000 }: RelayOptions): Relay {
  checkSchemaName(schema);
  const log = logger.child({ component: 'outbox-relay', schema });
  const channel = outboxChannel(schema);
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  /** The LISTEN connection, and how to give it back exactly once (an error may come during stop). */
  let listener: { client: PoolClient; release(error?: Error): void } | undefined;
  let inFlight: Promise<number> | undefined;
  let again = false;
  let failures = 0;
  let lifetime = new AbortController();
  let relistening: Promise<void> | undefined;

  async function sendBatch(): Promise<number> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // One statement takes the relay lock, claims the oldest unpublished rows and marks them
      // published; the transaction stays open while they are sent, so a failed send rolls the
      // marks back. Without the lock (another instance is sending) it claims nothing.
      const claimed = await client.query<{ id: string; topic: string; key: string; type: string; envelope: EventEnvelope }>({
        name: `outbox-claim-${schema}`,
        // Tagged as background work: tests that count a request's statements leave it out.
        text: `/* miw:background */ WITH relay_lock AS MATERIALIZED (SELECT pg_try_advisory_xact_lock(hashtext($1)) AS ok),
              batch AS (SELECT o.id FROM "${schema}".outbox o, relay_lock WHERE relay_lock.ok AND o.published_at IS NULL ORDER BY o.id LIMIT $2 FOR UPDATE OF o SKIP LOCKED)
         UPDATE "${schema}".outbox o SET published_at = now() FROM batch WHERE o.id = batch.id
         RETURNING o.id, o.topic, o.key, o.type, o.envelope`,
        values: [`${schema}.outbox`, batchSize],
      });
      const rows = claimed.rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      if (rows.length) {
        // One producer span per event, in the trace of the change that wrote it (tracing on only).
        const spans = rows.map((r) => openSpan(`publish ${r.topic}`, { kind: 'producer', parent: { traceparent: r.envelope.traceparent }, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': r.topic } }));
        try {
          await producer.send(
            rows.map((r, i) => ({
              topic: topicPrefix + r.topic,
              key: r.key,
              value: JSON.stringify(r.envelope),
              headers: { 'event-id': r.envelope.eventId, 'event-type': r.type, 'x-correlation-id': r.envelope.correlationId, ...traceHeaders(spans[i]!.carrier) },
            })),
          );
          for (const span of spans) span.end();
        } catch (error) {
          for (const span of spans) span.end(error);
          throw error;
        }
      }
      await client.query('COMMIT');
      return rows.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async function drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await sendBatch();
      total += sent;
      if (sent < batchSize) return total;
    }
  }

  /** Runs one drain at a time; a wake-up during a drain schedules exactly one more. */
  function kick(): Promise<number> {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = drain()
      .then((n) => {
        if (n) log.debug({ published: n }, 'outbox published');
        failures = 0;
        return n;
      })
      .catch((error: unknown) => {
        failures += 1;
        log.warn({ err: error, failures }, 'outbox relay batch failed; will retry');
        return 0;
      })
      .finally(() => {
        inFlight = undefined;
        if (again && running) {
          again = false;
          void kick();
        }
      });
    return inFlight;
  }

  function schedule() {
    if (!running) return;
    // After n failures in a row: pollMs x 2^n, at most MAX_RELAY_BACKOFF_MS.
    const backoff = failures ? backoffDelay(failures, { baseMs: pollMs * 2, maxMs: MAX_RELAY_BACKOFF_MS, jitter: false }) : pollMs;
    timer = setTimeout(() => void kick().finally(schedule), backoff);
  }

  /** Takes a connection of its own and LISTENs on it: each NOTIFY (a commit) wakes the relay. */
  async function listen(): Promise<void> {
    const client = await pool.connect();
    let released = false;
    const release = (error?: Error) => {
      if (released) return;
      released = true;
      // With an error the pool discards the connection instead of handing it out again.
      client.release(error);
    };
    client.on('notification', () => void kick());
    client.on('error', (error) => {
      release(error);
      // Before it was the listener, the failing LISTEN (or connect) reports the error instead.
      if (listener?.client !== client) return;
      listener = undefined;
      log.warn({ err: error }, 'outbox listener connection lost; polling until it is back');
      relisten();
    });
    try {
      await client.query(`LISTEN ${channel}`);
    } catch (error) {
      release(error as Error);
      throw error;
    }
    if (!running || released) return release();
    listener = { client, release };
  }

  /**
   * After the server restarted or the connection broke: LISTEN again on a new connection, with
   * backoff, until it works or the relay stops. Polling goes on meanwhile, and a drain runs as
   * soon as the listener is back (commits made in between woke nobody).
   */
  function relisten(): void {
    if (!running || relistening) return;
    relistening = retry(() => (running ? listen() : Promise.resolve()), {
      retries: Infinity,
      baseMs: 200,
      maxMs: MAX_RELAY_BACKOFF_MS,
      signal: lifetime.signal,
      onRetry: (error, attempt) => log[attempt > 5 ? 'warn' : 'debug']({ err: error, attempt }, 'outbox listener: cannot connect yet; retrying'),
    })
      .then(() => {
        if (!listener) return;
        log.info('outbox listener connected again');
        void kick();
      })
      .catch(() => undefined)
      .finally(() => (relistening = undefined));
  }

  return {
    async start() {
      running = true;
      lifetime = new AbortController();
      await listen();
      void kick();
      schedule();
    },
    async stop() {
      running = false;
      lifetime.abort();
      if (timer) clearTimeout(timer);
      await relistening;
      if (listener) {
        const { client, release } = listener;
        listener = undefined;
        await client.query(`UNLISTEN ${channel}`).catch(() => undefined);
        release();
      }
      await inFlight;
    },
    drain: () => drain(),
  };
}

/**
 * Inserts outbox rows (event contracts' messages: the columns of every domain's `outbox` table)
 * inside the caller's transaction, a Prisma transaction or a pg client, and wakes the relay at
 * commit (NOTIFY is transactional: a rolled-back change sends nothing). One statement for every
 * row and the NOTIFY: callers often hold a row lock until commit, so each round trip saved here
 * shortens it.
 */
export async function writeOutbox(tx: SqlClient, schema: string, rows: OutboxMessage[]): Promise<void> {
  if (rows.length === 0) return;
  const insert = outboxInsert(schema, rows, 1);
  await execute(tx, `WITH written AS (${insert.sql} RETURNING 1) SELECT pg_notify($${insert.values.length + 1}, '')`, [...insert.values, outboxChannel(schema)], `outbox-write-${schema}`);
}

/** The NOTIFY channel that wakes a domain's relay (`pg_notify(<channel>, '')` at commit). */
export const outboxChannel = (schema: string): string => `${checkSchemaName(schema)}_outbox`;

/**
 * The INSERT of outbox rows with its parameters numbered from `first`, for a caller that writes
 * its change and its events in ONE statement (a CTE `... AS (<sql>)` of that statement, followed
 * by `pg_notify(outboxChannel(schema), '')`): a single statement is its own transaction.
 */
export function outboxInsert(schema: string, rows: OutboxMessage[], first: number): { sql: string; values: unknown[] } {
  checkSchemaName(schema);
  const [a, b, c, d, e] = [0, 1, 2, 3, 4].map((i) => `$${first + i}`);
  return {
    sql: `INSERT INTO "${schema}".outbox (event_id, topic, key, type, envelope)
       SELECT r.event_id, r.topic, r.key, r.type, r.envelope::jsonb
         FROM unnest(${a}::uuid[], ${b}::text[], ${c}::text[], ${d}::text[], ${e}::text[]) WITH ORDINALITY AS r(event_id, topic, key, type, envelope, n)
        ORDER BY r.n`,
    values: [rows.map((r) => r.eventId), rows.map((r) => r.topic), rows.map((r) => r.key), rows.map((r) => r.type), rows.map((r) => JSON.stringify(withTrace(r.envelope)))],
  };
}

/** The envelope with the active trace context, unless it carries one already (tracing off: unchanged). */
function withTrace(envelope: EventEnvelope): EventEnvelope {
  if (envelope.traceparent) return envelope;
  const traceparent = activeTraceparent();
  return traceparent ? { ...envelope, traceparent } : envelope;
}

/** The propagation fields of a carrier as Kafka headers (none while tracing is off). */
const traceHeaders = (carrier: Carrier): Record<string, string> => Object.fromEntries(Object.entries(carrier).filter((e): e is [string, string] => typeof e[1] === 'string'));
