import { orderNotification, shipmentNotifications, stockRequestNotification, verbOf } from './triggers';

const carrier = '0b6a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
const other = '9f8e7d6c-5b4a-4321-8765-43210fedcba9';

describe('what an event triggers', () => {
  it('stock requests: every verb but shipped', () => {
    expect(['created', 'approved', 'rejected', 'acknowledged', 'shipped'].map(stockRequestNotification)).toEqual([
      'STOCK_REQUEST_CREATED',
      'STOCK_REQUEST_APPROVED',
      'STOCK_REQUEST_REJECTED',
      'STOCK_REQUEST_ACKNOWLEDGED',
      null,
    ]);
  });

  it('shipments: an assignment, a status change or an exception; nothing for an update that changes neither', () => {
    expect(shipmentNotifications('created', null, { logisticsOrganizationId: null, status: 'CREATED' })).toEqual([]);
    expect(shipmentNotifications('created', null, { logisticsOrganizationId: carrier, status: 'CREATED' })).toEqual(['SHIPMENT_ASSIGNED']);
    const assigned = { logisticsOrganizationId: carrier, status: 'CREATED' };
    expect(shipmentNotifications('updated', assigned, { logisticsOrganizationId: carrier, status: 'CREATED' })).toEqual([]);
    expect(shipmentNotifications('updated', assigned, { logisticsOrganizationId: carrier, status: 'PICKED_UP' })).toEqual(['SHIPMENT_STATUS_CHANGED']);
    expect(shipmentNotifications('updated', { ...assigned, status: 'IN_TRANSIT' }, { logisticsOrganizationId: carrier, status: 'EXCEPTION' })).toEqual(['SHIPMENT_EXCEPTION']);
    expect(shipmentNotifications('updated', assigned, { logisticsOrganizationId: other, status: 'CREATED' })).toEqual(['SHIPMENT_ASSIGNED']);
    expect(shipmentNotifications('updated', { logisticsOrganizationId: null, status: 'CREATED' }, { logisticsOrganizationId: carrier, status: 'PICKED_UP' })).toEqual(['SHIPMENT_ASSIGNED', 'SHIPMENT_STATUS_CHANGED']);
    // An update notify never saw the start of is taken at its word.
    expect(shipmentNotifications('updated', null, { logisticsOrganizationId: carrier, status: 'DELIVERED' })).toEqual(['SHIPMENT_ASSIGNED', 'SHIPMENT_STATUS_CHANGED']);
  });

  it('orders: the shopper at every step, the store of new orders and of cancellations of orders it had heard of', () => {
    expect(orderNotification('created', null)).toBeNull();
    expect(orderNotification('updated', 'PLACED')).toBeNull();
    expect(orderNotification('placed', null)).toEqual({ type: 'ORDER_PLACED', tellStore: true });
    expect(orderNotification('placed', 'PENDING_PAYMENT')).toEqual({ type: 'ORDER_PLACED', tellStore: true });
    expect(orderNotification('confirmed', 'PLACED')).toEqual({ type: 'ORDER_CONFIRMED', tellStore: false });
    expect(orderNotification('cancelled', 'PLACED')).toEqual({ type: 'ORDER_CANCELLED', tellStore: true });
    expect(orderNotification('cancelled', 'PENDING_PAYMENT')).toEqual({ type: 'ORDER_CANCELLED', tellStore: false });
    expect(orderNotification('refunded', 'CANCELLED')).toEqual({ type: 'ORDER_REFUNDED', tellStore: false });
    expect(['ready_for_pickup', 'shipped', 'fulfilled'].map((v) => orderNotification(v, 'CONFIRMED')?.type)).toEqual(['ORDER_READY_FOR_PICKUP', 'ORDER_SHIPPED', 'ORDER_FULFILLED']);
  });

  it('reads the verb of an envelope type', () => {
    expect(verbOf('inventory.stock_request.approved')).toBe('approved');
  });
});
