import { approvedQuantities, STOCK_REQUEST_TRANSITIONS, validateRequestedItems } from './stock-request';
import { discrepanciesOf, SHIPMENT_TRANSITIONS } from './shipment';
import { canTransition, sourcesOf, transitionError } from './state-machine';

describe('stock request state machine', () => {
  it('allows the documented path only', () => {
    expect(canTransition(STOCK_REQUEST_TRANSITIONS, 'REQUESTED', 'APPROVED')).toBe(true);
    expect(canTransition(STOCK_REQUEST_TRANSITIONS, 'APPROVED', 'ACKNOWLEDGED')).toBe(true);
    expect(canTransition(STOCK_REQUEST_TRANSITIONS, 'ACKNOWLEDGED', 'SHIPPED')).toBe(true);
    expect(canTransition(STOCK_REQUEST_TRANSITIONS, 'REQUESTED', 'SHIPPED')).toBe(false);
    expect(canTransition(STOCK_REQUEST_TRANSITIONS, 'REJECTED', 'APPROVED')).toBe(false);
  });

  it('names the current state in the error', () => {
    expect(transitionError(STOCK_REQUEST_TRANSITIONS, 'Stock request', 'APPROVED', 'APPROVED')).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'APPROVED', message: expect.stringContaining('is APPROVED') });
    expect(transitionError(STOCK_REQUEST_TRANSITIONS, 'Stock request', 'REJECTED', 'APPROVED')!.message).toContain('no further change');
    expect(transitionError(STOCK_REQUEST_TRANSITIONS, 'Stock request', 'REQUESTED', 'REJECTED')).toBeNull();
  });

  it('validates requested and approved quantities', () => {
    expect(validateRequestedItems([])).toHaveLength(1);
    expect(validateRequestedItems([{ productId: 'A', quantity: 1 }, { productId: 'a', quantity: 0 }]).map((p) => p.field)).toEqual(['input.items.1.productId', 'input.items.1.quantity']);
    const requested = [{ productId: 'a', quantity: 10 }, { productId: 'b', quantity: 5 }];
    expect([...approvedQuantities(requested, [{ productId: 'A', quantity: 4 }]).quantities]).toEqual([['a', 4], ['b', 5]]);
    expect(approvedQuantities(requested, [{ productId: 'a', quantity: 11 }]).problems[0]!.field).toBe('input.items.0.quantity');
    expect(approvedQuantities(requested, [{ productId: 'c', quantity: 1 }]).problems[0]!.message).toMatch(/not requested/);
    expect(approvedQuantities(requested, [{ productId: 'a', quantity: 0 }, { productId: 'b', quantity: 0 }]).problems[0]!.message).toMatch(/at least one/);
  });
});

describe('shipment state machine', () => {
  it('moves forward, into and out of EXCEPTION, and stops at DELIVERED', () => {
    expect(canTransition(SHIPMENT_TRANSITIONS, 'CREATED', 'PICKED_UP')).toBe(true);
    expect(canTransition(SHIPMENT_TRANSITIONS, 'CREATED', 'DELIVERED')).toBe(false);
    expect(canTransition(SHIPMENT_TRANSITIONS, 'IN_TRANSIT', 'EXCEPTION')).toBe(true);
    expect(canTransition(SHIPMENT_TRANSITIONS, 'EXCEPTION', 'IN_TRANSIT')).toBe(true);
    expect(canTransition(SHIPMENT_TRANSITIONS, 'DELIVERED', 'EXCEPTION')).toBe(false);
    expect(sourcesOf(SHIPMENT_TRANSITIONS, 'DELIVERED').sort()).toEqual(['EXCEPTION', 'OUT_FOR_DELIVERY']);
  });

  it('finds discrepancies', () => {
    const line = (shipped: number, received: number) => ({ shipmentItemId: 'i', productId: 'p', shipped, received });
    expect(discrepanciesOf([line(5, 5), line(5, 3), line(2, 4)]).map((d) => d.difference)).toEqual([-2, 2]);
  });
});
