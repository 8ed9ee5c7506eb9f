/**
 * Delivery verification: the partner running the destination store counts what arrived. In one
 * transaction the shipment is marked verified (once), the received quantities are stored and
 * added to the store's stock, and the shipment event and, when counts differ from what was
 * shipped, the discrepancy event are written.
 */
import { writeOutbox } from '@miw/events';
import type { InventoryContext } from '../context';
import { fail, wrongState } from '../domain/failure';
import { inLockOrder } from '../domain/movement';
import { discrepanciesOf } from '../domain/shipment';
import { transaction } from '../data/db';
import { audienceFor } from '../data/projection';
import { findShipment, markVerified, setReceivedQuantities, type FullShipment } from '../data/shipments';
import { discrepancyRecorded } from '../events/inventory-events';
import { requireStorePartner } from './access';
import { moveStock } from './levels';
import { emitShipment, requireVisibleShipment, shipmentBeforeChange } from './shipments';

export interface VerifyShipmentInput {
  shipmentId: string;
  /** Received quantity per shipment line id; every line of the shipment exactly once. */
  received: Map<string, number>;
}

export async function verifyShipment(ctx: InventoryContext, { shipmentId: id, received }: VerifyShipmentInput): Promise<FullShipment> {
  const current = await requireVisibleShipment(ctx, id);
  const store = await ctx.loaders.store.load(current.storeId);
  requireStorePartner(ctx, store?.partnerOrganizationId ?? null);
  const missing = current.items.filter((i) => !received.has(i.id));
  const foreign = [...received.keys()].filter((itemId) => !current.items.some((i) => i.id === itemId));
  if (missing.length || foreign.length) fail('INVALID', 'input.items', 'list every line of the shipment once, and only its lines');
  const lines = current.items.map((i) => ({ shipmentItemId: i.id, productId: i.productId, shipped: i.quantity, received: received.get(i.id)! }));
  // Stock and discrepancies concern the partner and the manufacturers, not the carrier.
  const audience = await audienceFor(ctx.db, current.storeId, current.items.map((i) => i.productId));
  const shipment = await transaction(ctx.db, async (tx) => {
    const before = await shipmentBeforeChange(tx, ctx, id);
    if (!(await markVerified(tx, id))) {
      const now = (await findShipment(tx, id))!;
      if (now.verifiedAt) fail('ALREADY_VERIFIED', 'input.shipmentId', 'this shipment was already verified');
      throw wrongState(now.status, `The shipment is ${now.status}: only a DELIVERED shipment can be verified`);
    }
    await setReceivedQuantities(tx, lines);
    // Levels in lock order: a reservation moving the same levels at once never deadlocks with this.
    for (const line of inLockOrder(lines)) {
      if (line.received === 0) continue;
      await moveStock(tx, ctx, { storeId: current.storeId, productId: line.productId, reason: 'RECEIVED', delta: line.received, shipmentId: id, note: 'shipment verified' }, audience);
    }
    const verified = await emitShipment(tx, ctx, id, 'updated', { action: 'shipment.verify', before });
    const discrepancies = discrepanciesOf(lines);
    if (discrepancies.length) await writeOutbox(tx, 'inventory', [discrepancyRecorded(ctx, verified, discrepancies, audience)]);
    return verified;
  });
  ctx.logger.info({ shipmentId: id }, 'shipment verified');
  return shipment;
}
