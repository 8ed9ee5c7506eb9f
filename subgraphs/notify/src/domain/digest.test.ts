import { DIGEST_DATA_LEVELS, DIGEST_TEXT_LINES, digestData, digestMessage, digestSlot, inDigestOrder, levelsForOrganizations, type PendingLevel } from './digest';

const maker = '0f4a3c9e-5a8b-4f2c-9d1e-6b7a8c9d0e1f';
const other = '9e8d7c6b-5a49-4382-9716-05f4e3d2c1b0';
const level = (i: number, organizationIds: string[] = [maker]): PendingLevel => ({
  eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  storeId: '4d2e6f80-1b3c-4d5e-8f70-9a1b2c3d4e5f',
  productId: `2b1f4a52-9a57-4c1e-8f0e-${String(i).padStart(12, '0')}`,
  available: i,
  threshold: 5,
  organizationIds,
  occurredAt: new Date(Date.UTC(2026, 11, 6, 10, i)),
});

it('aligns slots to the interval', () => {
  const fifteen = 15 * 60_000;
  expect(digestSlot(new Date('2026-12-06T10:14:59.999Z'), fifteen).toISOString()).toBe('2026-12-06T10:00:00.000Z');
  expect(digestSlot(new Date('2026-12-06T10:15:00.000Z'), fifteen).toISOString()).toBe('2026-12-06T10:15:00.000Z');
  expect(digestSlot(new Date('2026-12-06T10:44:00.000Z'), fifteen).toISOString()).toBe('2026-12-06T10:30:00.000Z');
});

it('gives a manufacturer the levels of its organizations only, oldest first', () => {
  const levels = [level(3, [other]), level(1), level(2, [maker, other])];
  expect(levelsForOrganizations(levels, new Set([maker])).map((l) => l.available)).toEqual([1, 2]);
  expect(levelsForOrganizations(levels, new Set(['nobody']))).toEqual([]);
  expect(inDigestOrder(levels).map((l) => l.available)).toEqual([1, 2, 3]);
});

it('writes the digest in English and Chinese, capping the list and the data', () => {
  const one = digestMessage([level(1)], 'en');
  expect(one.title).toBe('Low stock: 1 level');
  expect(one.body).toContain('1 available (threshold 5)');
  const many = Array.from({ length: DIGEST_DATA_LEVELS + 10 }, (_, i) => level(i));
  const en = digestMessage(many, 'en');
  expect(en.title).toBe(`Low stock: ${many.length} levels`);
  expect(en.body.split('\n')).toHaveLength(1 + DIGEST_TEXT_LINES + 1);
  expect(en.body).toContain(`... and ${many.length - DIGEST_TEXT_LINES} more.`);
  const zh = digestMessage(many, 'zh-CN');
  expect(zh.title).toBe(`库存不足：${many.length} 个库存`);
  expect(zh.body).toContain(`另有 ${many.length - DIGEST_TEXT_LINES} 个`);
  const data = digestData(many, new Date('2026-12-06T10:00:00.000Z'));
  expect(data).toMatchObject({ slot: '2026-12-06T10:00:00.000Z', count: many.length });
  expect(data.levels).toHaveLength(DIGEST_DATA_LEVELS);
  expect(JSON.stringify(data).length).toBeLessThan(16 * 1024);
});
