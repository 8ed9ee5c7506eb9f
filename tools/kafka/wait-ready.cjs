#!/usr/bin/env node
// Protocol-level readiness check of a Kafka broker, with the project's own client (kafkajs).
//
//   node tools/kafka/wait-ready.cjs [host:port] [timeoutMs]
//     host:port  default $KAFKA_BROKERS (first entry) or 127.0.0.1:9092
//     timeoutMs  default 60000
//
// Retries until, within one attempt, kafkajs can
//   1. connect and read the cluster metadata,
//   2. create (or find) the probe topic `_kafka_local_ready` and see a leader for its partition,
//   3. find the group coordinator of a probe group. On a fresh cluster this makes the broker create
//      __consumer_offsets, so the first consumer group of a test does not pay for it;
//   4. connect an idempotent producer (InitProducerId). Right after startup the broker answers
//      COORDINATOR_LOAD_IN_PROGRESS until it got a block of producer ids from the controller;
//      kafkajs retries that but logs it as an ERROR, so it is absorbed here instead.
// Exit codes: 0 ready, 1 not ready before the timeout, 2 bad arguments, 3 kafkajs not installed.
// Plain CommonJS on purpose: runs with any Node >= 14 without a TypeScript toolchain.
'use strict';

// kafkajs 2.2.4 arms a timer with a negative delay (network/requestQueue, throttledUntil = -1);
// recent Node (seen with 24, not 20) reports "TimeoutNegativeWarning" and uses 1 ms. Harmless:
// hide only that warning.
// (Elsewhere: NODE_OPTIONS=--disable-warning=TimeoutNegativeWarning.)
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name !== 'TimeoutNegativeWarning') console.error(`(node) ${w.name}: ${w.message}`);
});

const TOPIC = '_kafka_local_ready';
const GROUP = '_kafka_local_ready';

const broker =
  process.argv[2] || (process.env.KAFKA_BROKERS || '').split(',')[0].trim() || '127.0.0.1:9092';
const timeoutMs = Number(process.argv[3] || 60000);
if (!/^[^\s:]+:\d+$/.test(broker) || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
  console.error('usage: node wait-ready.cjs [host:port] [timeoutMs]');
  process.exit(2);
}

let kafkajs;
try {
  kafkajs = require('kafkajs');
} catch (err) {
  console.error(`wait-ready: cannot load kafkajs (${err.code || err.message}); run npm ci first`);
  process.exit(3);
}
const { Kafka, Partitioners, logLevel } = kafkajs;

const kafka = new Kafka({
  clientId: 'kafka-local-ready',
  brokers: [broker],
  logLevel: logLevel.NOTHING,
  connectionTimeout: 2000,
  requestTimeout: 5000,
  // No retries inside kafkajs: this loop retries, so one attempt never outlives the deadline by much.
  retry: { retries: 0 },
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function attempt() {
  const admin = kafka.admin();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 }, // kafkajs refuses retries: 0 here
  });
  try {
    await admin.connect();
    const { clusterId } = await admin.describeCluster();
    // createTopics resolves to false when the topic already exists; waitForLeaders only covers a
    // new topic, so the leader is checked explicitly afterwards.
    await admin.createTopics({
      topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 1 }],
      waitForLeaders: true,
      timeout: 5000,
    });
    const { topics } = await admin.fetchTopicMetadata({ topics: [TOPIC] });
    const partitions = topics[0] ? topics[0].partitions : [];
    if (!partitions.length || partitions.some((p) => p.leader < 0)) {
      throw new Error(`topic ${TOPIC} has no leader yet`);
    }
    await admin.describeGroups([GROUP]); // FindCoordinator (creates __consumer_offsets if needed)
    await producer.connect(); // InitProducerId
    return clusterId;
  } finally {
    await producer.disconnect().catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}

(async () => {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let lastError;
  let attempts = 0;
  while (Date.now() < deadline) {
    attempts += 1;
    try {
      const clusterId = await attempt();
      console.error(
        `wait-ready: ${broker} ready (cluster ${clusterId}, ${attempts} attempt(s), ${Date.now() - started} ms)`,
      );
      process.exit(0);
    } catch (err) {
      lastError = err;
      await sleep(250);
    }
  }
  console.error(
    `wait-ready: ${broker} not ready after ${timeoutMs} ms (${attempts} attempts): ${
      lastError ? `${lastError.name}: ${lastError.message}` : 'no attempt made'
    }`,
  );
  process.exit(1);
})();
