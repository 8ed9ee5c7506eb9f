import type { EventEnvelope } from '@miw/contracts';
import type { Logger } from '@miw/logging';
import type { Decoded } from './decode';
import { syncDeadLetterTopic } from '@miw/contracts';
import { deadLetterMessage } from './dead-letter';
import { createSyncMetrics } from './metrics';
import { createObserver } from './observe';
import type { DeadLetter } from './store';

const log = { warn: jest.fn(), error: jest.fn() } as unknown as Logger;
const item = (eventId: string, occurredAt: string) => ({ event: { eventId, entity: 'User', entityId: 'u', occurredAt } as EventEnvelope }) as Decoded;

describe('observer', () => {
  it('counts outcomes, lag and the last applied event; logs conflicts', async () => {
    const metrics = createSyncMetrics();
    const o = createObserver('cn-to-eu', metrics, log);
    const committedAt = Date.parse('2026-01-01T00:00:01.000Z');
    const a = item('e1', '2026-01-01T00:00:00.900Z');
    o.applied([a, item('e2', '2026-01-01T00:00:00.000Z'), item('e3', '2026-01-01T00:00:00.000Z')], { outcomes: ['applied', 'stale', 'duplicate'], conflicts: [{ item: a, current: null }], committedAt });
    expect(o.stats).toMatchObject({ applied: 1, stale: 1, duplicate: 1 });
    expect(o.rolling.snapshot()).toEqual([100]);
    expect(o.status(2)).toMatchObject({ direction: 'cn-to-eu', applied: 1, deadLettered: 2, lastEventId: 'e1', lastAppliedAt: new Date(committedAt), lagP50Ms: 100 });
    expect(log.warn).toHaveBeenCalledWith(expect.objectContaining({ entity: 'User' }), expect.stringMatching(/conflict/));
    expect(await metrics.registry.metrics()).toMatch(/sync_conflicts_total\{direction="cn-to-eu",entity="User"\} 1/);
  });

  it('counts dead letters, invalid ones apart', () => {
    const o = createObserver('eu-to-cn', createSyncMetrics(), log);
    const message = { topic: 't', partition: 0, offset: '1', key: null, value: null, headers: {} };
    o.deadLettered({ message, eventId: null, reason: 'INVALID_ENVELOPE', error: 'x', attempts: 1 }, 'id1');
    o.deadLettered({ message, eventId: 'e', reason: 'APPLY_FAILED', error: 'y', attempts: 3 }, 'id2');
    expect(o.stats).toMatchObject({ deadLettered: 2, invalid: 1 });
  });
});

describe('dead-letter message', () => {
  it('carries the reason, the source position and the original value', () => {
    const at = new Date('2026-01-01T00:00:00.000Z');
    const row: DeadLetter = {
      id: 'd1', direction: 'eu-to-cn', topic: 'eu.auth.user.v1', partition: 0, offset: '12', key: 'k', value: Buffer.from('raw'), eventId: null,
      reason: 'INVALID_ENVELOPE', error: 'message is not JSON', attempts: 1, firstFailedAt: at, lastFailedAt: at, replayedAt: null,
    };
    const out = deadLetterMessage(syncDeadLetterTopic('eu', 'cn', 'p.'), row);
    expect(out).toMatchObject({ topic: 'p.sync.dlq.eu-to-cn.v1', key: 'd1' });
    expect(JSON.parse(out.value)).toEqual({
      id: 'd1', direction: 'eu-to-cn', reason: 'INVALID_ENVELOPE', error: 'message is not JSON', attempts: 1, firstFailedAt: at.toISOString(), lastFailedAt: at.toISOString(),
      source: { topic: 'eu.auth.user.v1', partition: 0, offset: '12', key: 'k' }, eventId: null, original: Buffer.from('raw').toString('base64'),
    });
  });
});
