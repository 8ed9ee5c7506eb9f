/**
 * Shipments: created by the manufacturer from an acknowledged request, assigned to a 3PL, tracked
 * by it (verification by the partner: src/services/verification.ts). Every change writes the
 * shipment's event in its transaction.
 */
import { forbidden } from '@miw/auth';
import { isAuditedViewer } from '@miw/contracts';
import { writeOutbox } from '@miw/events';
import type { InventoryContext } from '../context';
import { visibleTo, type Audience } from '../domain/audience';
import { DomainFailure, fail, wrongState } from '../domain/failure';
import { SHIPMENT_TRANSITIONS, type ShipmentStatus } from '../domain/shipment';
import { sourcesOf, transitionError } from '../domain/state-machine';
import { transaction, type InventoryReader, type InventoryTx } from '../data/db';
import { notLogisticsReason } from '../data/organizations';
import { audienceFor, productsOfOrganization, storesOfOrganization } from '../data/projection';
import { assignLogistics, findShipment, insertShipment, insertTrackingEvent, listShipments, touchShipment, transitionShipment, type FullShipment, type NewTrackingEvent, type ShipmentFilter } from '../data/shipments';
import type { StockRequestWithItems } from '../data/stock-requests';
import { inventoryAudit, shipmentAuditFields } from '../events/audit';
import { shipmentEvent, shipmentPayload } from '../events/inventory-events';
import { requireMakerOf, requireVisibleRequest, transitionRequest, type PageQuery } from './stock-requests';

/** Who may see a shipment besides admins: the store's partner, the makers of its products and its 3PL. */
const shipmentAudience = (db: InventoryReader, s: FullShipment): Promise<Audience> => audienceFor(db, s.storeId, s.items.map((i) => i.productId), s.logisticsOrganizationId);

/** Who may see shipments, as a filter: null means nothing at all. */
async function shipmentFilterFor(ctx: InventoryContext): Promise<ShipmentFilter | null> {
  const v = ctx.viewer;
  if (v?.role === 'ADMIN') return {};
  if (!v?.organizationId) return null;
  if (v.role === 'PARTNER') return { storeIds: await storesOfOrganization(ctx.db, v.organizationId) };
  if (v.role === 'MANUFACTURER') return { productIds: await productsOfOrganization(ctx.db, v.organizationId) };
  if (v.role === 'LOGISTICS') return { logisticsOrganizationId: v.organizationId };
  return null;
}

async function page(ctx: InventoryContext, query: PageQuery<ShipmentStatus>, filter: ShipmentFilter | null): Promise<FullShipment[]> {
  const rows = query.size === 0 || !filter ? [] : await listShipments(ctx.db, { ...filter, status: query.status }, query.size + 1, query.after);
  for (const row of rows) ctx.loaders.shipment.prime(row.id, row);
  return rows;
}

/** The shipments the caller may see, newest first: `size` rows and one more when there is a next page. */
export async function visibleShipments(ctx: InventoryContext, query: PageQuery<ShipmentStatus>): Promise<FullShipment[]> {
  return page(ctx, query, await shipmentFilterFor(ctx));
}

/** The shipments the caller's organization carries. */
export function carriedShipments(ctx: InventoryContext, query: PageQuery<ShipmentStatus>): Promise<FullShipment[]> {
  return page(ctx, query, ctx.viewer?.organizationId ? { logisticsOrganizationId: ctx.viewer.organizationId } : null);
}

/** The shipment, or null when there is none the caller may see. */
export async function visibleShipment(ctx: InventoryContext, id: string): Promise<FullShipment | null> {
  const shipment = await ctx.loaders.shipment.load(id);
  return shipment && visibleTo(ctx.viewer, await shipmentAudience(ctx.db, shipment)) ? shipment : null;
}

/** The shipment, or a NOT_FOUND payload error (also when the caller may not see it). */
export async function requireVisibleShipment(ctx: InventoryContext, id: string): Promise<FullShipment> {
  return (await visibleShipment(ctx, id)) ?? fail('NOT_FOUND', 'input.shipmentId', 'no shipment you may see has this id');
}

/** The request behind a shipment: a carrier sees the shipments it carries, not the partner's requests behind them. */
export function requestOfShipment(ctx: InventoryContext, shipment: { stockRequestId: string | null }): Promise<StockRequestWithItems | null> | null {
  return shipment.stockRequestId && ctx.viewer?.role !== 'LOGISTICS' ? ctx.loaders.stockRequest.load(shipment.stockRequestId) : null;
}

/** How a change of a shipment is audited when an admin makes it: its name, and the shipment before (null: just created). */
interface ShipmentAudit {
  action: 'shipment.create' | 'shipment.assign' | 'shipment.record_tracking_event' | 'shipment.verify';
  before: FullShipment | null;
}

/** The shipment as `tx` sees it before an admin's change (nothing is read for other viewers: they are not audited). */
export const shipmentBeforeChange = async (tx: InventoryTx, ctx: InventoryContext, id: string): Promise<FullShipment | null> => (isAuditedViewer(ctx.viewer) ? findShipment(tx, id) : null);

/** Reloads the shipment in `tx` and writes its event with the current audience, and an admin's audit entry. */
export async function emitShipment(tx: InventoryTx, ctx: InventoryContext, id: string, verb: 'created' | 'updated', audit: ShipmentAudit): Promise<FullShipment> {
  const shipment = (await findShipment(tx, id))!;
  await writeOutbox(tx, 'inventory', [
    shipmentEvent(ctx, verb, shipmentPayload(shipment, await shipmentAudience(tx, shipment))),
    ...inventoryAudit(ctx, 'Shipment', audit.action, id, audit.before && shipmentAuditFields(audit.before), shipmentAuditFields(shipment)),
  ]);
  return shipment;
}

/** Only a known, active LOGISTICS organization (local projection of auth) may carry a shipment. */
async function requireCarrier(ctx: InventoryContext, organizationId: string): Promise<void> {
  const reason = await notLogisticsReason(ctx.db, organizationId);
  if (reason) fail('NOT_A_LOGISTICS_ORGANIZATION', 'input.logisticsOrganizationId', `This organization cannot carry shipments: ${reason}`);
}

function invalidTransition(shipment: { status: ShipmentStatus }, to: ShipmentStatus): DomainFailure {
  const error = transitionError(SHIPMENT_TRANSITIONS, 'The shipment', shipment.status, to);
  return error ? new DomainFailure([error]) : wrongState(shipment.status, 'The shipment changed meanwhile; read it again and retry');
}

/** The manufacturer ships the approved quantities of an acknowledged request (which becomes SHIPPED). */
export async function createShipment(ctx: InventoryContext, input: { stockRequestId: string; logisticsOrganizationId: string | null }): Promise<FullShipment> {
  const { stockRequestId, logisticsOrganizationId } = input;
  const request = await requireVisibleRequest(ctx, stockRequestId);
  await requireMakerOf(ctx, request);
  if (logisticsOrganizationId) await requireCarrier(ctx, logisticsOrganizationId);
  const shipment = await transaction(ctx.db, async (tx) => {
    let id = '';
    await transitionRequest(tx, ctx, stockRequestId, 'SHIPPED', 'shipped', {}, async (r) => {
      const items = r.items.filter((i) => (i.approvedQuantity ?? 0) > 0).map((i) => ({ productId: i.productId, quantity: i.approvedQuantity! }));
      id = (await insertShipment(tx, { stockRequestId: r.id, storeId: r.storeId, logisticsOrganizationId, items })).id;
    });
    return emitShipment(tx, ctx, id, 'created', { action: 'shipment.create', before: null });
  });
  ctx.logger.info({ shipmentId: shipment.id, stockRequestId }, 'shipment created');
  return shipment;
}

/** An admin (re)assigns the carrier of a shipment not yet delivered. */
export async function assignShipment(ctx: InventoryContext, input: { shipmentId: string; logisticsOrganizationId: string }): Promise<FullShipment> {
  const { shipmentId: id, logisticsOrganizationId } = input;
  await requireVisibleShipment(ctx, id);
  await requireCarrier(ctx, logisticsOrganizationId);
  return transaction(ctx.db, async (tx) => {
    const before = await shipmentBeforeChange(tx, ctx, id);
    if (!(await assignLogistics(tx, id, logisticsOrganizationId))) {
      throw wrongState('DELIVERED', 'The shipment is DELIVERED: its carrier can no longer change');
    }
    return emitShipment(tx, ctx, id, 'updated', { action: 'shipment.assign', before });
  });
}

/** A tracking event as the carrier reports it (the actor is the caller). */
export type TrackingUpdate = Omit<NewTrackingEvent, 'actorId'>;

/**
 * The carrier (or an admin) records a tracking update, possibly moving the shipment to `status`.
 * The same update sent again (same idempotency key) changes nothing.
 */
export async function recordTrackingEvent(ctx: InventoryContext, update: TrackingUpdate): Promise<FullShipment> {
  const { shipmentId: id, status: to, note } = update;
  if (to === 'EXCEPTION' && !note) fail('INVALID', 'input.note', 'an EXCEPTION needs a reason in note');
  const current = await requireVisibleShipment(ctx, id);
  if (ctx.viewer?.role !== 'ADMIN' && ctx.viewer?.organizationId !== current.logisticsOrganizationId) throw forbidden('Only admins and the logistics organization carrying this shipment may track it');
  return transaction(ctx.db, async (tx) => {
    const before = await shipmentBeforeChange(tx, ctx, id);
    const stored = await insertTrackingEvent(tx, { ...update, actorId: ctx.viewer?.userId ?? null });
    // The same update sent again: already applied once, nothing more to do.
    if (!stored) return (await findShipment(tx, id))!;
    if (to) {
      if (!(await transitionShipment(tx, id, sourcesOf(SHIPMENT_TRANSITIONS, to), to, note))) throw invalidTransition((await findShipment(tx, id))!, to);
    } else {
      await touchShipment(tx, id);
    }
    return emitShipment(tx, ctx, id, 'updated', { action: 'shipment.record_tracking_event', before });
  });
}
