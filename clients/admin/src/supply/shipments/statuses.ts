import type { ShipmentStatus, SupplyShipmentFieldsFragment } from '../../gql/graphql';

export const SHIPMENT_STATUSES: ShipmentStatus[] = ['CREATED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION'];

/** The moves the API accepts from each status: the tracking form offers only these (the API still decides). */
export const NEXT_STATUSES: Record<ShipmentStatus, ShipmentStatus[]> = {
  CREATED: ['PICKED_UP', 'EXCEPTION'],
  PICKED_UP: ['IN_TRANSIT', 'EXCEPTION'],
  IN_TRANSIT: ['OUT_FOR_DELIVERY', 'EXCEPTION'],
  OUT_FOR_DELIVERY: ['DELIVERED', 'IN_TRANSIT', 'EXCEPTION'],
  EXCEPTION: ['PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED'],
  DELIVERED: [],
};

/** Units missing (negative) or extra (positive) over the verified lines; null before verification. */
export function discrepancyOf(s: Pick<SupplyShipmentFieldsFragment, 'items'>): number | null {
  const verified = s.items.filter((i) => i.discrepancy !== null && i.discrepancy !== undefined);
  return verified.length ? verified.reduce((sum, i) => sum + (i.discrepancy ?? 0), 0) : null;
}
