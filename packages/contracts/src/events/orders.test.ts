import { parseEnvelope } from '../envelope';
import { InvalidEventError } from '../contract';
import { orderEvents, type OrderPayload } from './orders';

const stamp = '2026-12-06T10:00:00.000Z';
const order: OrderPayload = {
  id: '0b6a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
  userId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  customerEmail: 'sam@example.com',
  storeId: '4d2e6f80-1b3c-4d5e-8f70-9a1b2c3d4e5f',
  status: 'PLACED',
  previousStatus: 'PENDING_PAYMENT',
  cancelReason: null,
  totalAmount: 2598,
  currency: 'EUR',
  paymentProvider: 'manual',
  paymentStatus: 'AUTHORIZED',
  shippingAddress: null,
  lines: [{ productId: '2b1f4a52-9a57-4c1e-8f0e-1f5d8b6c7a10', sku: 'TEA-1', name: 'Longjing', quantity: 2, unitPriceAmount: 1299, manufacturerOrganizationId: null }],
  expiresAt: stamp,
  placedAt: stamp,
  createdAt: stamp,
  updatedAt: stamp,
  audience: { userIds: ['1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'], organizationIds: [] },
};

const roundTrip = (payload: unknown, verb: Parameters<typeof orderEvents.type>[0] = 'placed') =>
  parseEnvelope(JSON.stringify(orderEvents.message(verb, { entityId: order.id, originRegion: 'eu', entityUpdatedAt: new Date(stamp), correlationId: 'c', payload: payload as OrderPayload }).envelope));

it('an order event parses with its contract, on the region-local topic', () => {
  expect(orderEvents.parse(roundTrip(order)).payload).toEqual(order);
  expect(orderEvents.topic('cn')).toBe('cn.orders.order.v1');
});

it('refuses an unknown status, a negative total and a missing audience', () => {
  expect(() => orderEvents.parse(roundTrip({ ...order, status: 'LOST' }))).toThrow(InvalidEventError);
  expect(() => orderEvents.parse(roundTrip({ ...order, totalAmount: -1 }))).toThrow(InvalidEventError);
  const { audience: _dropped, ...withoutAudience } = order;
  expect(() => orderEvents.parse(roundTrip(withoutAudience))).toThrow(InvalidEventError);
});
