import { classifyFailure, futureTimestamp } from './policy';

describe('sync policy', () => {
  it('waits on infrastructure failures and gives up on rejected data', () => {
    expect(classifyFailure(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe('transient');
    expect(classifyFailure(Object.assign(new Error('admin shutdown'), { code: '57P01' }))).toBe('transient');
    expect(classifyFailure(Object.assign(new Error('deadlock'), { code: '40P01' }))).toBe('transient');
    expect(classifyFailure(new Error('Connection terminated unexpectedly'))).toBe('transient');
    expect(classifyFailure(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe('permanent');
    expect(classifyFailure(Object.assign(new Error('invalid input value for enum'), { code: '22P02' }))).toBe('permanent');
    expect(classifyFailure(new TypeError('x is undefined'))).toBe('permanent');
  });

  it('flags timestamps beyond the allowed clock skew only', () => {
    const now = new Date('2026-01-01T00:00:00.000Z');
    expect(futureTimestamp(['2026-01-01T00:00:02.000Z'], now, 60_000)).toBeNull();
    expect(futureTimestamp([undefined, '2027-01-01T00:00:00.000Z'], now, 60_000)).toMatch(/ahead of this clock/);
  });
});
