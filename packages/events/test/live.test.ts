/**
 * A live event source is consuming when its start() resolves (real Kafka): its consumer has joined
 * its group and holds its partitions, so an event committed right after is delivered without a
 * group join in between; a join that does not come in time is logged, and start() carries on.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { createKafkaBus, createLiveEvents, type EventBus } from '@miw/events';
import { createEnvelope, inventoryLevelEvents } from '@miw/contracts';
import { createLogger } from '@miw/logging';
import { readTestInfra, testTopicPrefix } from '@miw/testing';

describe('live events start (real Kafka)', () => {
  const lines: { msg: string; groupId?: string; assignment?: Record<string, number[]> }[] = [];
  const logger = createLogger({
    service: 'live-test',
    level: 'debug',
    destination: new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    }),
  });
  const prefix = testTopicPrefix('live');
  const topic = inventoryLevelEvents.topic('eu', prefix);
  let bus: EventBus;

  beforeAll(async () => {
    bus = createKafkaBus({ brokers: readTestInfra().kafkaBrokers, clientId: 'live-test', logger });
    await bus.ensureTopics([topic]);
  });
  afterAll(async () => {
    await bus?.close();
  });

  it('resolves start() once its consumer joined the group with its partitions, and delivers the next event', async () => {
    const live = createLiveEvents({ bus, topics: { [topic]: (e) => [e.entityId] }, groupPrefix: `${prefix}live`, logger });
    await live.start();
    try {
      // The join was logged, with the assignment, before start() resolved.
      const joined = lines.filter((l) => l.msg === 'consumer joined its group' && l.groupId?.startsWith(`${prefix}live.`));
      expect(joined).toHaveLength(1);
      expect(joined[0]!.assignment).toEqual({ [topic]: [0] });

      const id = randomUUID();
      const stream = live.listen(topic, id);
      const envelope = createEnvelope({ type: 'inventory.inventory_level.changed', entity: 'InventoryLevel', entityId: id, originRegion: 'eu', entityUpdatedAt: new Date(), correlationId: 'live-test', payload: { id } });
      const producer = bus.producer();
      await producer.send([{ topic, key: id, value: JSON.stringify(envelope) }]);
      await producer.disconnect();
      const next = await stream.next();
      expect(next).toEqual({ done: false, value: expect.objectContaining({ eventId: envelope.eventId, entityId: id }) });
      await stream.return();
    } finally {
      await live.stop();
    }
  });

  it('carries on, with a warning, when the group join takes longer than joinTimeoutMs', async () => {
    const groupId = `${prefix}slow.${randomUUID()}`;
    const consumer = bus.consumer({ groupId, topics: [topic], fromBeginning: false, joinTimeoutMs: 1, handle: async () => undefined });
    await consumer.start();
    try {
      expect(lines.some((l) => l.msg === 'consumer has not joined its group yet; carrying on' && l.groupId === groupId)).toBe(true);
    } finally {
      await consumer.stop();
    }
  });
});
