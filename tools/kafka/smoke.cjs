#!/usr/bin/env node
// End-to-end smoke test of a Kafka broker with kafkajs (the client the project uses):
//
//   node tools/kafka/smoke.cjs [host:port]      (default $KAFKA_BROKERS or 127.0.0.1:9092)
//
// Creates a fresh topic, produces one message, consumes it back through a consumer group
// (FindCoordinator/JoinGroup/SyncGroup/Fetch/OffsetCommit), then deletes the topic. Prints the
// duration of each step; exit 0 on success, 1 on failure or after 60 s.
// The topic is created explicitly (as tests should do): producing to a missing topic also works
// (auto.create.topics.enable=true) but kafkajs then logs a transient ERROR
// "This server does not host this topic-partition" for the first Metadata response and retries.
'use strict';

// kafkajs 2.2.4 arms a timer with a negative delay (network/requestQueue, throttledUntil = -1);
// recent Node (seen with 24, not 20) reports "TimeoutNegativeWarning" and uses 1 ms. Harmless:
// hide only that warning.
// (Elsewhere: NODE_OPTIONS=--disable-warning=TimeoutNegativeWarning.)
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name !== 'TimeoutNegativeWarning') console.error(`(node) ${w.name}: ${w.message}`);
});

const { Kafka, Partitioners, logLevel } = require('kafkajs');

const broker =
  process.argv[2] || (process.env.KAFKA_BROKERS || '').split(',')[0].trim() || '127.0.0.1:9092';
const run = `${Date.now()}-${process.pid}`;
const topic = `_kafka_local_smoke_${run}`;
const groupId = `_kafka_local_smoke_${run}`;

const kafka = new Kafka({ clientId: 'kafka-local-smoke', brokers: [broker], logLevel: logLevel.WARN });
// Same producer/consumer settings as packages/events (idempotent producer: InitProducerId + acks=all).
// The explicit partitioner also silences kafkajs v2's "default partitioner changed" warning.
const producer = kafka.producer({
  idempotent: true,
  maxInFlightRequests: 1,
  createPartitioner: Partitioners.DefaultPartitioner,
});
const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000 });
const admin = kafka.admin();

const t0 = Date.now();
let last = t0;
const step = (what) => {
  const now = Date.now();
  console.log(`smoke: ${what.padEnd(34)} +${String(now - last).padStart(5)} ms  (total ${now - t0} ms)`);
  last = now;
};

const watchdog = setTimeout(() => {
  console.error('smoke: FAILED, timed out after 60 s');
  process.exit(1);
}, 60_000);

(async () => {
  const value = `hello ${run}`;
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  step('topic created');
  await producer.connect();
  step('producer connected');
  const [meta] = await producer.send({ topic, acks: -1, messages: [{ key: 'k', value }] });
  step(`produced (partition ${meta.partition}, offset ${meta.baseOffset})`);

  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const received = new Promise((resolve) => {
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) =>
      step(`group joined (${payload.duration} ms in kafkajs)`),
    );
    consumer.run({ eachMessage: async ({ message }) => resolve(message.value.toString()) });
  });
  const got = await received;
  if (got !== value) throw new Error(`consumed ${JSON.stringify(got)}, expected ${JSON.stringify(value)}`);
  step('consumed the message');

  await consumer.disconnect();
  await producer.disconnect();
  step('clients disconnected');
  await admin.deleteTopics({ topics: [topic], timeout: 10_000 });
  await admin.disconnect();
  step('topic deleted');
  clearTimeout(watchdog);
  console.log(`smoke: OK against ${broker}`);
})().catch(async (err) => {
  console.error(`smoke: FAILED: ${err.name}: ${err.message}`);
  await Promise.allSettled([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
  process.exit(1);
});
