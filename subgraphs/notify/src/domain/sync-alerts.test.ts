import { syncAlertMessage } from './sync-alerts';

const base = { direction: 'eu-to-cn', from: 'eu', to: 'cn', detectedAt: '2026-12-06T10:00:00.000Z' } as const;

it('describes a dead letter and lag in both locales', () => {
  const dead = syncAlertMessage({ ...base, kind: 'dead_letter', reason: 'INVALID_PAYLOAD', sourceTopic: 'eu.catalog.product.v1', deadLetterId: '0b6a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d' }, 'en');
  expect(dead.title).toBe('Sync eu-to-cn: a message was dead-lettered');
  expect(dead.body).toContain('INVALID_PAYLOAD');
  expect(dead.body).toContain('eu.catalog.product.v1');
  expect(dead.body).toContain('0b6a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d');
  expect(syncAlertMessage({ ...base, kind: 'lag', lagMs: 95_400, thresholdMs: 60_000 }, 'en').body).toBe('Replication from eu to cn is 95 s behind (threshold 60 s).');
  expect(syncAlertMessage({ ...base, kind: 'lag', lagMs: 95_400, thresholdMs: 60_000 }, 'zh-CN').title).toBe('同步 eu-to-cn 延迟');
  expect(syncAlertMessage({ ...base, kind: 'dead_letter' }, 'zh-CN').body).toContain('原因未知');
});
