import { checkKeyRateLimit } from './api-keys';

describe('checkKeyRateLimit', () => {
  it('lets owners lower their key and admins set anything within the bounds', () => {
    expect(checkKeyRateLimit({ perMinute: 3, perHour: null }, false)).toBeNull();
    expect(checkKeyRateLimit({ perMinute: null, perHour: null }, false)).toBeNull();
    expect(checkKeyRateLimit({ perMinute: 100_000, perHour: 10_000_000 }, true)).toBeNull();
  });

  it('refuses values out of bounds, and raises by non-admins', () => {
    expect(checkKeyRateLimit({ perMinute: 0, perHour: null }, true)).toMatchObject({ kind: 'out_of_bounds', part: 'perMinute' });
    expect(checkKeyRateLimit({ perMinute: null, perHour: 10_000_001 }, true)).toMatchObject({ kind: 'out_of_bounds', part: 'perHour' });
    expect(checkKeyRateLimit({ perMinute: 2.5, perHour: null }, true)).toMatchObject({ kind: 'out_of_bounds' });
    expect(checkKeyRateLimit({ perMinute: 101, perHour: null }, false)).toMatchObject({ kind: 'admin_only', part: 'perMinute' });
    expect(checkKeyRateLimit({ perMinute: null, perHour: 20_000 }, false)).toMatchObject({ kind: 'admin_only', part: 'perHour' });
  });
});
