/** Shipments: created from an acknowledged request, tracked by the 3PL, verified by the partner. */
import { forbidden } from '@miw/auth';
import { writeOutbox } from '@miw/events';
import { pageSize, timeCursor, toConnection, userInputError } from '@miw/service-kit';
import { isUuid } from '@miw/contracts';
import type { InventoryContext } from '../context';
import { visibleTo } from '../domain/audience';
import { MAX_MOVEMENT } from '../domain/movement';
import { discrepanciesOf, SHIPMENT_TRANSITIONS, type ShipmentStatus } from '../domain/shipment';
import { sourcesOf, transitionError } from '../domain/state-machine';
import type { InventoryTx } from '../data/db';
import { notLogisticsReason } from '../data/organizations';
import { audienceFor, productsOfOrganization, storesOfOrganization } from '../data/projection';
import {
  assignLogistics,
  findShipment,
  insertShipment,
  insertTrackingEvent,
  listShipments,
  markVerified,
  setReceivedQuantities,
  touchShipment,
  transitionShipment,
  type FullShipment,
  type ShipmentFilter,
} from '../data/shipments';
import { discrepancyRecorded, shipmentEvent, shipmentSnapshot } from '../events/inventory-events';
import { attempt, inTransaction, DomainFailure, fail, moveStock, optionalText, requireStorePartner, requireUuid, wrongState } from './shared';
import { requireMakerOf, transitionRequest, visibleRequest } from './stock-requests';

const shipmentCursor = timeCursor('shipment');
const NO_SHIPMENT = { shipment: null };

type PageArgs = { first?: number | null; after?: string | null; status?: ShipmentStatus | null };

const shipmentAudience = (db: InventoryContext['db'] | InventoryTx, s: FullShipment) =>
  audienceFor(db, s.storeId, s.items.map((i) => i.productId), s.logisticsOrganizationId);

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

async function page(ctx: InventoryContext, args: PageArgs, filter: ShipmentFilter | null) {
  const size = pageSize(args.first);
  const after = shipmentCursor.decode(args.after);
  const rows = size === 0 || !filter ? [] : await listShipments(ctx.db, { ...filter, status: args.status ?? null }, size + 1, after);
  for (const row of rows) ctx.loaders.shipment.prime(row.id, row);
  return toConnection(rows, size, shipmentCursor.encode, Boolean(after));
}

/** The shipment, or a NOT_FOUND payload error (also when the caller may not see it). */
async function visibleShipment(ctx: InventoryContext, id: string): Promise<FullShipment> {
  const shipment = await ctx.loaders.shipment.load(id);
  if (!shipment || !visibleTo(ctx.viewer, await shipmentAudience(ctx.db, shipment))) return fail('NOT_FOUND', 'input.shipmentId', 'no shipment you may see has this id');
  return shipment;
}

/** Reloads the shipment in `tx` and writes its event with the current audience. */
async function emitShipment(tx: InventoryTx, ctx: InventoryContext, id: string, verb: 'created' | 'updated'): Promise<FullShipment> {
  const shipment = (await findShipment(tx, id))!;
  await writeOutbox(tx, 'inventory', [shipmentEvent(ctx, verb, shipmentSnapshot(shipment, await shipmentAudience(tx, shipment)))]);
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

export const shipmentQueries = {
  shipments: async (_: unknown, args: PageArgs, ctx: InventoryContext) => page(ctx, args, await shipmentFilterFor(ctx)),

  myShipments: (_: unknown, args: PageArgs, ctx: InventoryContext) => page(ctx, args, ctx.viewer?.organizationId ? { logisticsOrganizationId: ctx.viewer.organizationId } : null),

  async shipment(_: unknown, { id }: { id: string }, ctx: InventoryContext) {
    if (!isUuid(id)) return null;
    const shipment = await ctx.loaders.shipment.load(id);
    return shipment && visibleTo(ctx.viewer, await shipmentAudience(ctx.db, shipment)) ? shipment : null;
  },
};

interface RecordTrackingEventInput {
  shipmentId: string;
  idempotencyKey: string;
  status?: ShipmentStatus | null;
  location?: string | null;
  note?: string | null;
  occurredAt?: Date | null;
}

export const shipmentMutations = {
  async createShipment(_: unknown, { input }: { input: { stockRequestId: string; logisticsOrganizationId?: string | null } }, ctx: InventoryContext) {
    const requestId = requireUuid(input.stockRequestId, 'input.stockRequestId');
    const logisticsOrganizationId = input.logisticsOrganizationId ? requireUuid(input.logisticsOrganizationId, 'input.logisticsOrganizationId') : null;
    return attempt(NO_SHIPMENT, async () => {
      const request = await visibleRequest(ctx, requestId);
      await requireMakerOf(ctx, request);
      if (logisticsOrganizationId) await requireCarrier(ctx, logisticsOrganizationId);
      const shipment = await inTransaction(ctx, async (tx) => {
        let id = '';
        await transitionRequest(tx, ctx, requestId, 'SHIPPED', 'shipped', {}, async (r) => {
          const items = r.items.filter((i) => (i.approvedQuantity ?? 0) > 0).map((i) => ({ productId: i.productId, quantity: i.approvedQuantity! }));
          id = (await insertShipment(tx, { stockRequestId: r.id, storeId: r.storeId, logisticsOrganizationId, items })).id;
        });
        return emitShipment(tx, ctx, id, 'created');
      });
      ctx.logger.info({ shipmentId: shipment.id, stockRequestId: requestId }, 'shipment created');
      return { shipment };
    });
  },

  async assignShipment(_: unknown, { input }: { input: { shipmentId: string; logisticsOrganizationId: string } }, ctx: InventoryContext) {
    const id = requireUuid(input.shipmentId, 'input.shipmentId');
    const logisticsOrganizationId = requireUuid(input.logisticsOrganizationId, 'input.logisticsOrganizationId');
    return attempt(NO_SHIPMENT, async () => {
      await visibleShipment(ctx, id);
      await requireCarrier(ctx, logisticsOrganizationId);
      const shipment = await inTransaction(ctx, async (tx) => {
        if (!(await assignLogistics(tx, id, logisticsOrganizationId))) {
          throw wrongState('DELIVERED', 'The shipment is DELIVERED: its carrier can no longer change');
        }
        return emitShipment(tx, ctx, id, 'updated');
      });
      return { shipment };
    });
  },

  async recordTrackingEvent(_: unknown, { input }: { input: RecordTrackingEventInput }, ctx: InventoryContext) {
    const id = requireUuid(input.shipmentId, 'input.shipmentId');
    const idempotencyKey = optionalText(input.idempotencyKey, 'input.idempotencyKey', 100);
    if (!idempotencyKey) throw userInputError('input.idempotencyKey must not be empty', { field: 'input.idempotencyKey' });
    const location = optionalText(input.location, 'input.location', 200);
    const note = optionalText(input.note, 'input.note', 500);
    const to = input.status ?? null;
    if (to === 'EXCEPTION' && !note) return { ...NO_SHIPMENT, errors: [{ code: 'INVALID', field: 'input.note', message: 'an EXCEPTION needs a reason in note' }] };
    return attempt(NO_SHIPMENT, async () => {
      const current = await visibleShipment(ctx, id);
      if (ctx.viewer?.role !== 'ADMIN' && ctx.viewer?.organizationId !== current.logisticsOrganizationId) throw forbidden('Only admins and the logistics organization carrying this shipment may track it');
      const shipment = await inTransaction(ctx, async (tx) => {
        const stored = await insertTrackingEvent(tx, { shipmentId: id, idempotencyKey, status: to, location, note, occurredAt: input.occurredAt ?? new Date(), actorId: ctx.viewer?.userId ?? null });
        // The same update sent again: already applied once, nothing more to do.
        if (!stored) return (await findShipment(tx, id))!;
        if (to) {
          if (!(await transitionShipment(tx, id, sourcesOf(SHIPMENT_TRANSITIONS, to), to, note))) throw invalidTransition((await findShipment(tx, id))!, to);
        } else {
          await touchShipment(tx, id);
        }
        return emitShipment(tx, ctx, id, 'updated');
      });
      return { shipment };
    });
  },

  async verifyShipment(_: unknown, { input }: { input: { shipmentId: string; items: { shipmentItemId: string; receivedQuantity: number }[] } }, ctx: InventoryContext) {
    const id = requireUuid(input.shipmentId, 'input.shipmentId');
    const received = new Map<string, number>();
    input.items.forEach((item, i) => {
      const itemId = requireUuid(item.shipmentItemId, `input.items.${i}.shipmentItemId`);
      if (!Number.isInteger(item.receivedQuantity) || item.receivedQuantity < 0 || item.receivedQuantity > MAX_MOVEMENT) {
        throw userInputError(`input.items.${i}.receivedQuantity must be between 0 and ${MAX_MOVEMENT}`, { field: `input.items.${i}.receivedQuantity` });
      }
      if (received.has(itemId)) throw userInputError('each shipment line appears once', { field: `input.items.${i}.shipmentItemId` });
      received.set(itemId, item.receivedQuantity);
    });
    return attempt(NO_SHIPMENT, async () => {
      const current = await visibleShipment(ctx, id);
      const store = await ctx.loaders.store.load(current.storeId);
      requireStorePartner(ctx, store?.partnerOrganizationId ?? null);
      const missing = current.items.filter((i) => !received.has(i.id));
      const foreign = [...received.keys()].filter((itemId) => !current.items.some((i) => i.id === itemId));
      if (missing.length || foreign.length) return fail('INVALID', 'input.items', 'list every line of the shipment once, and only its lines');
      const lines = current.items.map((i) => ({ shipmentItemId: i.id, productId: i.productId, shipped: i.quantity, received: received.get(i.id)! }));
      // Stock and discrepancies concern the partner and the manufacturers, not the carrier.
      const audience = await audienceFor(ctx.db, current.storeId, current.items.map((i) => i.productId));
      const shipment = await inTransaction(ctx, async (tx) => {
        if (!(await markVerified(tx, id))) {
          const now = (await findShipment(tx, id))!;
          if (now.verifiedAt) fail('ALREADY_VERIFIED', 'input.shipmentId', 'this shipment was already verified');
          throw wrongState(now.status, `The shipment is ${now.status}: only a DELIVERED shipment can be verified`);
        }
        await setReceivedQuantities(tx, lines);
        for (const line of lines) {
          if (line.received === 0) continue;
          await moveStock(tx, ctx, { storeId: current.storeId, productId: line.productId, reason: 'RECEIVED', delta: line.received, shipmentId: id, note: 'shipment verified' }, audience);
        }
        const verified = await emitShipment(tx, ctx, id, 'updated');
        const discrepancies = discrepanciesOf(lines);
        if (discrepancies.length) {
          await writeOutbox(tx, 'inventory', [discrepancyRecorded(ctx, { ...verified, updatedAt: verified.updatedAt.toISOString() }, discrepancies, audience)]);
        }
        return verified;
      });
      ctx.logger.info({ shipmentId: id }, 'shipment verified');
      return { shipment };
    });
  },
};
