import { NOTIFICATION_TYPES, notificationData, notificationLink, preferencesOfEveryType } from './notifications';

describe('notification data', () => {
  it('is the stored object, or {} for anything that is not a JSON object', () => {
    expect(notificationData({ orderId: 'o1' })).toEqual({ orderId: 'o1' });
    for (const other of [null, undefined, 'text', 42, true, ['a']]) expect(notificationData(other)).toEqual({});
  });
});

describe('preferences', () => {
  it('lists every type, email on unless turned off; unknown stored types are ignored', () => {
    const prefs = preferencesOfEveryType([
      { type: 'ORDER_SHIPPED', email: false },
      { type: 'LOW_STOCK', email: true },
      { type: 'GONE', email: false },
    ]);
    expect(prefs.map((p) => p.type)).toEqual(NOTIFICATION_TYPES);
    expect(prefs.filter((p) => !p.email)).toEqual([{ type: 'ORDER_SHIPPED', email: false }]);
    expect(NOTIFICATION_TYPES).toHaveLength(21);
  });
});

describe('links', () => {
  it('needs both the entity and the id', () => {
    expect(notificationLink('ORDER', 'o1')).toEqual({ entity: 'ORDER', id: 'o1' });
    expect(notificationLink(null, 'o1')).toBeNull();
    expect(notificationLink('ORDER', null)).toBeNull();
  });
});
