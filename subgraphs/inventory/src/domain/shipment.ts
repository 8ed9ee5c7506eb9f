/**
 * Shipment life cycle: CREATED -> PICKED_UP -> IN_TRANSIT -> OUT_FOR_DELIVERY -> DELIVERED.
 * Any status before delivery may go to EXCEPTION (with a reason) and from there back on the way.
 */
import type { SHIPMENT_STATUSES } from '@miw/contracts';
import type { Transitions } from './state-machine';

export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

export const SHIPMENT_TRANSITIONS: Transitions<ShipmentStatus> = {
  CREATED: ['PICKED_UP', 'EXCEPTION'],
  PICKED_UP: ['IN_TRANSIT', 'EXCEPTION'],
  IN_TRANSIT: ['OUT_FOR_DELIVERY', 'EXCEPTION'],
  OUT_FOR_DELIVERY: ['DELIVERED', 'IN_TRANSIT', 'EXCEPTION'],
  EXCEPTION: ['PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED'],
  DELIVERED: [],
};

export interface ReceivedLine {
  shipmentItemId: string;
  productId: string;
  shipped: number;
  received: number;
}

/** The lines whose received quantity differs from what was shipped (difference = received - shipped). */
export function discrepanciesOf(lines: ReceivedLine[]): (ReceivedLine & { difference: number })[] {
  return lines.filter((l) => l.received !== l.shipped).map((l) => ({ ...l, difference: l.received - l.shipped }));
}
