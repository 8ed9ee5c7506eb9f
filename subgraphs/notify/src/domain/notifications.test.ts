import { notificationData } from './notifications';

describe('notification data', () => {
  it('is the stored object, or {} for anything that is not a JSON object', () => {
    expect(notificationData({ orderId: 'o1' })).toEqual({ orderId: 'o1' });
    for (const other of [null, undefined, 'text', 42, true, ['a']]) expect(notificationData(other)).toEqual({});
  });
});
