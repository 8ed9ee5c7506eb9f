/**
 * Topic creation at start-up (real Kafka): every service of both regions creates its topics at
 * once, often the same ones, against a broker that may have just started. Each caller must come out
 * with every topic present and led, whoever created it.
 */
import { createKafkaBus, type EventBus } from '@miw/events';
import { createLogger } from '@miw/logging';
import { readTestInfra, testTopicPrefix } from '@miw/testing';

describe('ensureTopics (real Kafka)', () => {
  const logger = createLogger({ service: 'topics-test', level: 'silent' });
  const buses: EventBus[] = [];
  const bus = (name: string) => {
    const created = createKafkaBus({ brokers: readTestInfra().kafkaBrokers, clientId: `topics-test-${name}`, logger });
    buses.push(created);
    return created;
  };
  afterAll(async () => {
    await Promise.all(buses.map((b) => b.close()));
  });

  it('lets eight clients create overlapping sets of new topics at the same time', async () => {
    const prefix = testTopicPrefix('topics');
    const names = Array.from({ length: 6 }, (_, i) => `${prefix}race.${i}.v1`);
    const clients = Array.from({ length: 8 }, (_, i) => bus(String(i)));
    // Each client asks for an overlapping window of the names, in its own order.
    await Promise.all(clients.map((c, i) => c.ensureTopics([...names.slice(i % 3), ...names.slice(0, i % 3)].reverse())));

    const check = bus('check');
    await check.ensureTopics(names); // all exist: a no-op
    const admin = await import('kafkajs').then(({ Kafka }) => new Kafka({ brokers: readTestInfra().kafkaBrokers, clientId: 'topics-test-admin', logLevel: 0 }).admin());
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      expect(topics.map((t) => t.name).sort()).toEqual([...names].sort());
      for (const t of topics) expect(t.partitions.every((p) => p.leader >= 0)).toBe(true);
    } finally {
      await admin.disconnect();
    }
  });

  it('fails at once on a topic name Kafka refuses', async () => {
    const started = Date.now();
    await expect(bus('bad').ensureTopics(['not a valid topic name!'])).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(30_000); // not retried until the 60 s deadline
  });
});
