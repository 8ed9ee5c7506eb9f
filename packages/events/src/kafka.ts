/**
 * Our own small interface over Kafka. Only this file knows kafkajs (in maintenance mode): moving
 * to another client is a change to this one file.
 */
import { CompressionTypes, Kafka, logLevel, Partitioners, type Consumer, type Producer } from 'kafkajs';
import type { Logger } from '@miw/logging';

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
   * Called once per message, in order per partition. The offset is committed only after the
   * handler resolves; a throw stops the partition and the message is delivered again.
   */
  handle(message: IncomingMessage): Promise<void>;
}

export interface EventConsumer {
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
  close(): Promise<void>;
}

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
}

export function createKafkaBus({ brokers, clientId, logger }: KafkaBusOptions): EventBus {
  const log = logger.child({ component: 'kafka' });
  const kafka = new Kafka({
    clientId,
    brokers,
    connectionTimeout: 3000,
    requestTimeout: 15000,
    retry: { initialRetryTime: 200, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }) => {
        const { message, ...rest } = entry;
        // Our producers are idempotent with bounded retries on purpose: the outbox relay re-sends a
        // failed batch itself and consumers deduplicate by event id (inbox), so this is noise.
        if (message.startsWith('Limiting retries for the idempotent producer')) return;
        if (level <= logLevel.ERROR) log.error(rest, message);
        else if (level === logLevel.WARN) log.warn(rest, message);
        else log.debug(rest, message);
      },
  });
  const admin = kafka.admin();
  let adminConnected: Promise<void> | undefined;
  const connectAdmin = () => (adminConnected ??= admin.connect().catch((e) => ((adminConnected = undefined), Promise.reject(e))));
  const producers = new Set<Producer>();
  const consumers = new Set<Consumer>();

  return {
    producer() {
      const producer = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: true,
      });
      producers.add(producer);
      let connected: Promise<void> | undefined;
      const connect = () => (connected ??= producer.connect().catch((e: unknown) => ((connected = undefined), Promise.reject(e))));
      return {
        async send(messages) {
          if (messages.length === 0) return;
          await connect();
          const byTopic = new Map<string, OutgoingMessage[]>();
          for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
          await producer.sendBatch({
            acks: -1,
            compression: CompressionTypes.None,
            topicMessages: [...byTopic].map(([topic, list]) => ({
              topic,
              messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
            })),
          });
        },
        async disconnect() {
          producers.delete(producer);
          await producer.disconnect();
        },
      };
    },

    consumer({ groupId, topics, fromBeginning = true, handle }) {
      // A short fetch wait keeps rebalances and disconnects fast (kafkajs waits for the fetch in flight).
      const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 1000, maxWaitTimeInMs: 250, retry: { retries: 10 } });
      return {
        async start() {
          consumers.add(consumer);
          await consumer.connect();
          await consumer.subscribe({ topics, fromBeginning });
          await consumer.run({
            autoCommit: true,
            eachMessage: async ({ topic, partition, message }) => {
              const headers: Record<string, string> = {};
              for (const [k, v] of Object.entries(message.headers ?? {})) if (v != null) headers[k] = String(v);
              await handle({
                topic,
                partition,
                offset: message.offset,
                key: message.key ? message.key.toString('utf8') : null,
                value: message.value,
                headers,
              });
            },
          });
        },
        async stop() {
          consumers.delete(consumer);
          await consumer.disconnect();
        },
      };
    },

    async ensureTopics(topics, partitions = 1) {
      await connectAdmin();
      const existing = new Set(await admin.listTopics());
      const missing = [...new Set(topics)].filter((t) => !existing.has(t));
      if (missing.length === 0) return;
      await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions: partitions })) });
    },

    async ping() {
      await connectAdmin();
      await admin.describeCluster();
    },

    async close() {
      await Promise.allSettled([...consumers].map((c) => c.disconnect()));
      await Promise.allSettled([...producers].map((p) => p.disconnect()));
      if (adminConnected) await admin.disconnect().catch(() => undefined);
    },
  };
}
