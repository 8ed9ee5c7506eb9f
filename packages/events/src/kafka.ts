/**
 * Our own small interface over Kafka. Only this file knows kafkajs (in maintenance mode): moving
 * to another client is a change to this one file.
 */
import { CompressionTypes, Kafka, logLevel, Partitioners, type Consumer, type ConsumerRunConfig, type KafkaMessage, type Producer } from 'kafkajs';
import type { Logger } from '@miw/logging';
import { withSpan } from '@miw/observability';
import { retry } from '@miw/retry';

export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string;
  headers?: Record<string, string>;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface EventProducer {
  /** Sends every message and resolves once the broker acknowledged all of them (acks=all). */
  send(messages: OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface ConsumerOptions {
  groupId: string;
  topics: (string | RegExp)[];
  fromBeginning?: boolean;
  /**
   * A group of one instance (live fan-out): before `start()` resolves, the group's offsets are set
   * to the topics' current end, so every message produced after `start()` resolved is delivered
   * and nothing older is; `stop()` deletes the group. Topics must be plain names and must exist.
   */
  ephemeral?: boolean;
  /**
   * Ephemeral groups only: start at the first message written at or after this time instead of the
   * topics' end (partitions with nothing since then start at their end), so a fresh instance
   * catches up on a recent window (the gateway's revocations: the last access-token lifetime).
   * `start()` then resolves once the messages of that window have been handled.
   */
  since?: Date;
  /**
   * Called once per message, in order per partition. The offset is committed only after the
   * handler resolves; a throw stops the partition and the message is delivered again.
   */
  handle?(message: IncomingMessage): Promise<void>;
  /**
   * Alternative to `handle`: called with each fetched batch of one partition, in order. The batch's
   * offsets are committed only after it resolves. `heartbeat` keeps the group membership alive
   * while the handler waits (e.g. retrying against a database that is down).
   */
  handleBatch?(messages: IncomingMessage[], context: { heartbeat(): Promise<void> }): Promise<void>;
  /** Largest batch fetched per partition (bytes), for `handleBatch`. */
  maxBytesPerPartition?: number;
  /**
   * How long `start()` waits for the group join and partition assignment before logging a warning
   * and resolving anyway (default 30 s): a slow broker delays readiness, never hangs the service.
   */
  joinTimeoutMs?: number;
}

export interface EventConsumer {
  /**
   * Connects, subscribes and starts consuming; resolves once the consumer has joined its group and
   * received its partition assignment (or after `joinTimeoutMs`, with a warning).
   */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface EventBus {
  /** A producer that connects on first use (and reconnects after a failure). */
  producer(): EventProducer;
  consumer(options: ConsumerOptions): EventConsumer;
  /** Creates the topics that do not exist yet (idempotent). */
  ensureTopics(topics: string[], partitions?: number): Promise<void>;
  /** Resolves when the cluster answers a metadata request; used by /readyz. */
  ping(): Promise<void>;
  /**
   * Messages behind the end of each topic for every lasting consumer group this bus started
   * (ephemeral groups left out): committed offset to high watermark, summed over partitions.
   */
  consumerLag(): Promise<{ group: string; topic: string; lag: number }[]>;
  close(): Promise<void>;
}

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
}

const SETTLE_TIMEOUT_MS = 60_000;

/** Errors of topic creation and metadata that a later attempt can get past (kafkajs marks most). */
export function isRetriableKafkaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { retriable?: boolean; type?: string; errors?: unknown[]; name?: string };
  if (Array.isArray(e.errors) && e.errors.length > 0) {
    return e.errors.every((inner) => (inner as { type?: string }).type === 'TOPIC_ALREADY_EXISTS' || isRetriableKafkaError(inner));
  }
  if (e.type === 'TOPIC_ALREADY_EXISTS' || e.type === 'UNKNOWN_TOPIC_OR_PARTITION' || e.type === 'LEADER_NOT_AVAILABLE' || e.type === 'NOT_LEADER_FOR_PARTITION') return true;
  if (e.name === 'KafkaJSConnectionError' || e.name === 'KafkaJSNumberOfRetriesExceeded' || e.name === 'KafkaJSRequestTimeoutError') return true;
  return e.retriable === true;
}

/** Broker answers that mean "still settling" (a topic just created, a leader being elected): kafkajs retries them. */
const SETTLING_ANSWERS = new Set([
  'This server does not host this topic-partition',
  'This server is not the leader for that topic-partition',
  'There is no leader for this topic-partition as we are in the middle of a leadership election',
]);

/**
 * The level at which a kafkajs log line reaches our log, or undefined to drop it. kafkajs logs
 * every error response at ERROR, even those it (or `settled` below) retries until they pass: those
 * are warnings, so that an error in our logs always needs a look.
 */
export function kafkaLogLevel(level: logLevel, message: string, error: unknown): 'error' | 'warn' | 'debug' | undefined {
  // Our producers are idempotent with bounded retries on purpose: the outbox relay re-sends a
  // failed batch itself and consumers deduplicate by event id (inbox), so this is noise.
  if (message.startsWith('Limiting retries for the idempotent producer')) return undefined;
  if (level <= logLevel.ERROR) return typeof error === 'string' && SETTLING_ANSWERS.has(error) ? 'warn' : 'error';
  return level === logLevel.WARN ? 'warn' : 'debug';
}

export function createKafkaBus({ brokers, clientId, logger }: KafkaBusOptions): EventBus {
  const log = logger.child({ component: 'kafka' });
  const kafka = new Kafka({
    clientId,
    brokers,
    connectionTimeout: 3000,
    requestTimeout: 15000,
    // Waits between retries stay short (<= 2 s): after a broker outage, clients are back within
    // seconds of the broker instead of sleeping out a long exponential backoff.
    retry: { initialRetryTime: 200, maxRetryTime: 2_000, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }) => {
        const { message, ...rest } = entry;
        const as = kafkaLogLevel(level, message, rest.error);
        if (as) log[as](rest, message);
      },
  });
  const admin = kafka.admin();
  let adminConnected: Promise<void> | undefined;
  const connectAdmin = () => (adminConnected ??= admin.connect().catch((e) => ((adminConnected = undefined), Promise.reject(e))));
  const producers = new Set<Producer>();
  /**
   * Runs an admin step until it succeeds, retrying what a broker that is starting, or creating the
   * same topics for another service at the same moment, answers (SETTLE_TIMEOUT_MS in all);
   * a non-retriable error (bad topic name, authorization) ends at once.
   */
  const settled = <T>(what: string, step: () => Promise<T>): Promise<T> => {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    return retry(() => step(), {
      retries: Infinity,
      baseMs: 100,
      maxMs: 2_000,
      retryIf: (error) => isRetriableKafkaError(error) && Date.now() < deadline,
      onRetry: (error, attempt) => log[attempt > 5 ? 'warn' : 'debug']({ err: error, attempt }, `${what}: not ready yet; retrying`),
    });
  };
  const consumers = new Set<Consumer>();
  const lastingGroups = new Set<string>();

  return {
    producer() {
      const create = () => {
        const created = kafka.producer({
          idempotent: true,
          maxInFlightRequests: 1,
          createPartitioner: Partitioners.DefaultPartitioner,
          allowAutoTopicCreation: true,
        });
        producers.add(created);
        return created;
      };
      let producer = create();
      let connected: Promise<void> | undefined;
      const connect = () => (connected ??= producer.connect().catch((e: unknown) => ((connected = undefined), Promise.reject(e))));
      /**
       * After a failed send, an idempotent producer's sequence numbers may no longer match the
       * broker's (a batch written but never acknowledged, a broker restarted): kafkajs then has
       * every later batch refused (OUT_OF_ORDER_SEQUENCE_NUMBER) for as long as the process runs.
       * A new producer gets a new producer id and starts afresh; the caller sends the batch again
       * (at-least-once: consumers deduplicate by event id).
       */
      const replace = (error: unknown) => {
        const failed = producer;
        producers.delete(failed);
        void failed.disconnect().catch(() => undefined);
        producer = create();
        connected = undefined;
        log.debug({ err: error }, 'send failed; the next send uses a new producer');
      };
      return {
        async send(messages) {
          if (messages.length === 0) return;
          const byTopic = new Map<string, OutgoingMessage[]>();
          for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
          const sending = producer;
          try {
            await connect();
            await sending.sendBatch({
              acks: -1,
              compression: CompressionTypes.None,
              topicMessages: [...byTopic].map(([topic, list]) => ({
                topic,
                messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
              })),
            });
          } catch (error) {
            if (producer === sending) replace(error);
            throw error;
          }
        },
        async disconnect() {
          producers.delete(producer);
          await producer.disconnect();
        },
      };
    },

    consumer({ groupId, topics, fromBeginning = true, handle, handleBatch, maxBytesPerPartition, ephemeral = false, since, joinTimeoutMs = 30_000 }) {
      // A short fetch wait keeps rebalances and disconnects fast (kafkajs waits for the fetch in flight).
      if (!ephemeral) lastingGroups.add(groupId);
      const consumer = kafka.consumer({
        groupId,
        sessionTimeout: 10000,
        heartbeatInterval: 1000,
        maxWaitTimeInMs: 250,
        retry: { retries: 10 },
        ...(maxBytesPerPartition ? { maxBytesPerPartition } : {}),
      });
      const incoming = (topic: string, partition: number, message: KafkaMessage): IncomingMessage => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) if (v != null) headers[k] = String(v);
        return { topic, partition, offset: message.offset, key: message.key ? message.key.toString('utf8') : null, value: message.value, headers };
      };
      /** Waits for the first GROUP_JOIN (kafkajs emits it after the sync, with the assignment), or the timeout. */
      const watchJoin = () => {
        let cancel = () => undefined as void;
        const promise = new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            cancel();
            log.warn({ groupId, timeoutMs: joinTimeoutMs }, 'consumer has not joined its group yet; carrying on');
          }, joinTimeoutMs);
          const removeListener = consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
            cancel();
            log.debug({ groupId, assignment: payload.memberAssignment }, 'consumer joined its group');
          });
          cancel = () => {
            clearTimeout(timer);
            removeListener();
            resolve();
          };
        });
        return { promise, cancel: () => cancel() };
      };
      /**
       * With `since`: the messages between `since` and the topics' end at start, per partition (the
       * offset of the last one); `start()` resolves once the handler has been through them.
       */
      const backlog = new Map<string, number>();
      let caughtUp = () => undefined as void;
      const backlogDone = new Promise<void>((resolve) => (caughtUp = resolve));
      const handled = (topic: string, partition: number, offset: string) => {
        const key = `${topic}:${partition}`;
        const last = backlog.get(key);
        if (last === undefined || Number(offset) < last) return;
        backlog.delete(key);
        if (backlog.size === 0) caughtUp();
      };
      const subscribeAndRun = async () => {
        if (ephemeral) {
          for (const topic of topics as string[]) {
            await settled(`start offsets of ${topic}`, async () => {
              await connectAdmin();
              const ends = await admin.fetchTopicOffsets(topic);
              // By timestamp: the earliest offset written at or after `since`, or -1 when none was.
              const starts = since ? await admin.fetchTopicOffsetsByTimestamp(topic, since.getTime()) : [];
              const startOf = (partition: number, high: string) => {
                const found = starts.find((s) => s.partition === partition);
                return found && Number(found.offset) >= 0 ? found.offset : high;
              };
              for (const p of ends) if (Number(startOf(p.partition, p.high)) < Number(p.high)) backlog.set(`${topic}:${p.partition}`, Number(p.high) - 1);
              await admin.setOffsets({ groupId, topic, partitions: ends.map((p) => ({ partition: p.partition, offset: startOf(p.partition, p.high) })) });
            });
          }
        }
        await consumer.connect();
        await consumer.subscribe({ topics, fromBeginning });
        await consumer.run(runConfig());
      };
      const runConfig = (): ConsumerRunConfig => {
        if (handleBatch) {
          return {
            autoCommit: true,
            // Offsets are resolved by hand, only after the handler succeeded: a batch skipped because
            // of a rebalance or a stop is fetched again, never marked consumed.
            eachBatchAutoResolve: false,
            eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset, commitOffsetsIfNecessary }) => {
              if (!isRunning() || isStale() || batch.messages.length === 0) return;
              const messages = batch.messages.map((m) => incoming(batch.topic, batch.partition, m));
              // The batch's span continues the trace of its first event (handlers may open one per event).
              await withSpan(`consume ${batch.topic}`, { kind: 'consumer', parent: messages[0]!.headers, attributes: { 'messaging.system': 'kafka', 'messaging.consumer.group.name': groupId, 'messaging.batch.message_count': messages.length } }, () =>
                handleBatch(messages, { heartbeat }),
              );
              const last = batch.messages[batch.messages.length - 1]!.offset;
              resolveOffset(last);
              if (backlog.size > 0) handled(batch.topic, batch.partition, last);
              await commitOffsetsIfNecessary();
            },
          };
        }
        if (!handle) throw new Error('consumer needs handle or handleBatch');
        return {
          autoCommit: true,
          eachMessage: async ({ topic, partition, message }) => {
            const received = incoming(topic, partition, message);
            // Each event's handling joins the trace of the change that caused it.
            await withSpan(`consume ${topic}`, { kind: 'consumer', parent: received.headers, attributes: { 'messaging.system': 'kafka', 'messaging.consumer.group.name': groupId } }, () => handle(received));
            if (backlog.size > 0) handled(topic, partition, message.offset);
          },
        };
      };
      /**
       * kafkajs restarts a crashed consumer only when it deems the error retriable (what a broker
       * restart causes, in our tests); after any other crash the consumer would stay stopped for
       * good while the service looks up. Such a crash is restarted here, with backoff and a warning
       * per attempt, until it runs again or `stop()`.
       */
      let lifetime = new AbortController();
      let restarting: Promise<void> | undefined;
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (payload.restart || lifetime.signal.aborted || restarting) return;
        log.warn({ err: payload.error, groupId }, 'consumer crashed and kafkajs will not restart it; restarting it');
        const { signal } = lifetime;
        restarting = retry(
          async () => {
            if (signal.aborted) return;
            await consumer.connect();
            await consumer.run(runConfig());
          },
          { retries: Infinity, baseMs: 500, maxMs: 5_000, signal, onRetry: (error, attempt) => log.warn({ err: error, groupId, attempt }, 'consumer restart failed; retrying') },
        )
          .then(() => void (signal.aborted || log.info({ groupId }, 'consumer restarted after a crash')))
          .catch(() => undefined)
          .finally(() => (restarting = undefined));
      });
      /** The backlog since `since`, handled; or the join timeout passed (logged, carrying on as for the join). */
      const caughtUpOrLate = async () => {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            log.warn({ groupId, partitions: backlog.size }, 'consumer has not caught up with its start window yet; carrying on');
            resolve();
          }, joinTimeoutMs);
        });
        await Promise.race([backlogDone, late]);
        clearTimeout(timer);
      };
      let pendingJoin: { cancel(): void } | undefined;
      return {
        async start() {
          lifetime = new AbortController();
          consumers.add(consumer);
          const join = (pendingJoin = watchJoin());
          try {
            await subscribeAndRun();
          } catch (error) {
            join.cancel();
            throw error;
          }
          // run() returns before the group join: wait for the assignment, so that "started" means consuming.
          await join.promise;
          if (backlog.size > 0) await caughtUpOrLate();
        },
        async stop() {
          pendingJoin?.cancel();
          lifetime.abort();
          await restarting;
          consumers.delete(consumer);
          await consumer.disconnect();
          if (ephemeral) await connectAdmin().then(() => admin.deleteGroups([groupId])).catch((e: unknown) => log.warn({ err: e, groupId }, 'could not delete an ephemeral consumer group'));
        },
      };
    },

    async ensureTopics(topics, partitions = 1) {
      const wanted = [...new Set(topics)];
      if (wanted.length === 0) return;
      await settled(`topics ${wanted.join(', ')}`, async () => {
        await connectAdmin();
        const existing = new Set(await admin.listTopics());
        const missing = wanted.filter((t) => !existing.has(t));
        if (missing.length > 0) {
          await admin.createTopics({ waitForLeaders: false, topics: missing.map((topic) => ({ topic, numPartitions: partitions })) });
        }
        // Done means served: every partition answers a ListOffsets from its leader (a leader named
        // in the metadata may still refuse with NOT_LEADER_OR_FOLLOWER for a moment).
        for (const topic of wanted) await admin.fetchTopicOffsets(topic);
      });
    },

    async ping() {
      await connectAdmin();
      await admin.describeCluster();
    },

    async consumerLag() {
      if (lastingGroups.size === 0) return [];
      await connectAdmin();
      const rows: { group: string; topic: string; lag: number }[] = [];
      const ends = new Map<string, Awaited<ReturnType<typeof admin.fetchTopicOffsets>>>();
      for (const group of lastingGroups) {
        for (const { topic, partitions } of await admin.fetchOffsets({ groupId: group })) {
          if (!ends.has(topic)) ends.set(topic, await admin.fetchTopicOffsets(topic));
          let lag = 0;
          for (const p of partitions) {
            const end = ends.get(topic)!.find((e) => e.partition === p.partition);
            if (!end) continue;
            // No commit yet: everything retained is still to be read.
            const from = Number(p.offset) < 0 ? Number(end.low) : Number(p.offset);
            lag += Math.max(0, Number(end.high) - from);
          }
          rows.push({ group, topic, lag });
        }
      }
      return rows;
    },

    async close() {
      await Promise.allSettled([...consumers].map((c) => c.disconnect()));
      await Promise.allSettled([...producers].map((p) => p.disconnect()));
      if (adminConnected) await admin.disconnect().catch(() => undefined);
    },
  };
}
