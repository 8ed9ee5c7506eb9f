/** Shipments: created from an acknowledged request, tracked by the 3PL, verified by the partner. */
import { isUuid } from '@miw/contracts';
import { optionalText, pageSize, requiredText, requireUuid, timeCursor, toConnection, userInputError } from '@miw/service-kit';
import { attempt } from '../domain/failure';
import { MAX_MOVEMENT } from '../domain/movement';
import type { MutationResolvers, QueryResolvers, ShipmentItemResolvers, ShipmentResolvers, ShipmentStatus } from '../schema.generated';
import { assignShipment, carriedShipments, createShipment, recordTrackingEvent, requestOfShipment, visibleShipment, visibleShipments } from '../services/shipments';
import { verifyShipment } from '../services/verification';

const shipmentCursor = timeCursor('shipment');
const NO_SHIPMENT = { shipment: null };

/** The page a list argument set asks for (BAD_USER_INPUT for a bad size or cursor). */
const pageOf = (args: { first?: number | null; after?: string | null; status?: ShipmentStatus | null }) => ({
  size: pageSize(args.first),
  after: shipmentCursor.decode(args.after),
  status: args.status ?? null,
});

export const shipmentQueries: Pick<QueryResolvers, 'shipments' | 'myShipments' | 'shipment'> = {
  async shipments(_, args, ctx) {
    const page = pageOf(args);
    return toConnection(await visibleShipments(ctx, page), page.size, shipmentCursor.encode, Boolean(page.after));
  },

  async myShipments(_, args, ctx) {
    const page = pageOf(args);
    return toConnection(await carriedShipments(ctx, page), page.size, shipmentCursor.encode, Boolean(page.after));
  },

  shipment: (_, { id }, ctx) => (isUuid(id) ? visibleShipment(ctx, id) : null),
};

export const shipmentMutations: Pick<MutationResolvers, 'createShipment' | 'assignShipment' | 'recordTrackingEvent' | 'verifyShipment'> = {
  createShipment(_, { input }, ctx) {
    const stockRequestId = requireUuid(input.stockRequestId, 'input.stockRequestId');
    const logisticsOrganizationId = input.logisticsOrganizationId ? requireUuid(input.logisticsOrganizationId, 'input.logisticsOrganizationId') : null;
    return attempt(NO_SHIPMENT, async () => ({ shipment: await createShipment(ctx, { stockRequestId, logisticsOrganizationId }) }));
  },

  assignShipment(_, { input }, ctx) {
    const shipmentId = requireUuid(input.shipmentId, 'input.shipmentId');
    const logisticsOrganizationId = requireUuid(input.logisticsOrganizationId, 'input.logisticsOrganizationId');
    return attempt(NO_SHIPMENT, async () => ({ shipment: await assignShipment(ctx, { shipmentId, logisticsOrganizationId }) }));
  },

  recordTrackingEvent(_, { input }, ctx) {
    const shipmentId = requireUuid(input.shipmentId, 'input.shipmentId');
    const idempotencyKey = requiredText(input.idempotencyKey, 'input.idempotencyKey', 100);
    const location = optionalText(input.location, 'input.location', 200);
    const note = optionalText(input.note, 'input.note', 500);
    const update = { shipmentId, idempotencyKey, status: input.status ?? null, location, note, occurredAt: input.occurredAt ?? new Date() };
    return attempt(NO_SHIPMENT, async () => ({ shipment: await recordTrackingEvent(ctx, update) }));
  },

  verifyShipment(_, { input }, ctx) {
    const shipmentId = requireUuid(input.shipmentId, 'input.shipmentId');
    const received = new Map<string, number>();
    input.items.forEach((item, i) => {
      const itemId = requireUuid(item.shipmentItemId, `input.items.${i}.shipmentItemId`);
      if (!Number.isInteger(item.receivedQuantity) || item.receivedQuantity < 0 || item.receivedQuantity > MAX_MOVEMENT) {
        throw userInputError(`input.items.${i}.receivedQuantity must be between 0 and ${MAX_MOVEMENT}`, { field: `input.items.${i}.receivedQuantity` });
      }
      if (received.has(itemId)) throw userInputError('each shipment line appears once', { field: `input.items.${i}.shipmentItemId` });
      received.set(itemId, item.receivedQuantity);
    });
    return attempt(NO_SHIPMENT, async () => ({ shipment: await verifyShipment(ctx, { shipmentId, received }) }));
  },
};

export const Shipment: ShipmentResolvers = {
  __resolveReference: ({ id }, ctx) => ctx.loaders.shipment.load(id),
  stockRequest: (s, _, ctx) => requestOfShipment(ctx, s),
  store: (s) => ({ id: s.storeId }),
  logisticsOrganization: (s) => (s.logisticsOrganizationId ? { id: s.logisticsOrganizationId } : null),
};

export const ShipmentItem: ShipmentItemResolvers = {
  product: (i) => ({ id: i.productId }),
  discrepancy: (i) => (i.receivedQuantity == null ? null : i.receivedQuantity - i.quantity),
};
