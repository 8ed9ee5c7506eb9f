import { parseEnvelope } from '../envelope';
import { InvalidEventError } from '../contract';
import { notificationEvents, type NotificationPayload } from './notify';

const stamp = '2026-12-07T10:00:00.000Z';
const notification: NotificationPayload = {
  id: '0b6a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
  userId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  type: 'ORDER_PLACED',
  title: '订单已下',
  body: '您的订单 0B6A1C2D 已下单。',
  locale: 'zh-CN',
  link: { entity: 'ORDER', id: '0b6a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d' },
  data: { orderId: '0b6a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d', status: 'PLACED' },
  readAt: null,
  createdAt: stamp,
};

const roundTrip = (payload: unknown) =>
  parseEnvelope(JSON.stringify(notificationEvents.message('added', { entityId: notification.id, originRegion: 'cn', entityUpdatedAt: new Date(stamp), correlationId: 'c', payload: payload as NotificationPayload }).envelope));

it('a notification event parses with its contract, on the region-local topic', () => {
  expect(notificationEvents.parse(roundTrip(notification)).payload).toEqual(notification);
  expect(notificationEvents.parse(roundTrip({ ...notification, link: null, locale: 'en' })).payload.link).toBeNull();
  expect(notificationEvents.topic('cn')).toBe('cn.notify.notification.v1');
  expect(notificationEvents.type('added')).toBe('notify.notification.added');
});

it('refuses a missing recipient, an unknown locale and a type that is no enum value', () => {
  const { userId: _dropped, ...withoutUser } = notification;
  expect(() => notificationEvents.parse(roundTrip(withoutUser))).toThrow(InvalidEventError);
  expect(() => notificationEvents.parse(roundTrip({ ...notification, locale: 'fr' }))).toThrow(InvalidEventError);
  expect(() => notificationEvents.parse(roundTrip({ ...notification, type: 'order placed' }))).toThrow(InvalidEventError);
  expect(() => notificationEvents.parse(roundTrip({ ...notification, data: ['a'] }))).toThrow(InvalidEventError);
});
