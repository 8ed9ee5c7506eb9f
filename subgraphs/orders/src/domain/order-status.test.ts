import { decide, holdsStock, verbOf, type Actor, type OrderAction, type OrderStatus } from './order-status';

const STATUSES: OrderStatus[] = ['PENDING_PAYMENT', 'PLACED', 'CONFIRMED', 'READY_FOR_PICKUP', 'SHIPPED', 'FULFILLED', 'CANCELLED', 'REFUNDED'];

it('walks the happy paths: pickup and shipping', () => {
  const walk = (steps: [OrderAction, Actor][]) => steps.reduce<OrderStatus>((status, [action, actor]) => {
    const d = decide(status, action, actor);
    if (!d.ok) throw new Error(`${action} refused from ${status}`);
    return d.to;
  }, 'PENDING_PAYMENT');
  expect(walk([['PAY', 'SYSTEM'], ['CONFIRM', 'PARTNER'], ['MARK_READY', 'PARTNER'], ['FULFIL', 'PARTNER']])).toBe('FULFILLED');
  expect(walk([['PAY', 'SYSTEM'], ['CONFIRM', 'ADMIN'], ['SHIP', 'PARTNER'], ['FULFIL', 'ADMIN']])).toBe('FULFILLED');
});

it('names the current status of an invalid transition', () => {
  expect(decide('PLACED', 'FULFIL', 'PARTNER')).toEqual({ ok: false, refusal: 'INVALID_TRANSITION', currentStatus: 'PLACED' });
  expect(decide('FULFILLED', 'CANCEL', 'ADMIN')).toEqual({ ok: false, refusal: 'INVALID_TRANSITION', currentStatus: 'FULFILLED' });
  expect(decide('CANCELLED', 'CONFIRM', 'PARTNER')).toEqual({ ok: false, refusal: 'INVALID_TRANSITION', currentStatus: 'CANCELLED' });
});

it('lets the shopper cancel only before confirmation; store staff until fulfilment', () => {
  for (const status of STATUSES) {
    expect(decide(status, 'CANCEL', 'SHOPPER').ok).toBe(status === 'PENDING_PAYMENT' || status === 'PLACED');
    expect(decide(status, 'CANCEL', 'PARTNER').ok).toBe(holdsStock(status));
  }
});

it('refuses actions to actors who may never take them', () => {
  expect(decide('PLACED', 'CONFIRM', 'SHOPPER')).toEqual({ ok: false, refusal: 'FORBIDDEN' });
  expect(decide('PENDING_PAYMENT', 'PAY', 'ADMIN')).toEqual({ ok: false, refusal: 'FORBIDDEN' });
  expect(decide('CANCELLED', 'REFUND', 'PARTNER')).toEqual({ ok: false, refusal: 'FORBIDDEN' });
});

it('refunds only a cancelled order, and names each change\'s event verb', () => {
  expect(decide('CANCELLED', 'REFUND', 'SYSTEM')).toEqual({ ok: true, to: 'REFUNDED' });
  expect(decide('CONFIRMED', 'REFUND', 'SYSTEM').ok).toBe(false);
  expect(verbOf('READY_FOR_PICKUP')).toBe('ready_for_pickup');
  expect(verbOf('PENDING_PAYMENT')).toBe('updated');
});
