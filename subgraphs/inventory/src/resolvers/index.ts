import { forbidden } from '@miw/auth';
import { scalarResolvers } from '@miw/service-kit';
import { mayReadProductStock, mayReadStoreStock } from '../domain/access';
import { availableOf, isLowStock } from '../domain/movement';
import type { InventoryContext } from '../context';
import type { InventoryLevel as Level } from '../data/db';
import { levelFields, levelMutations, levelQueries } from './levels';
import { shipmentMutations, shipmentQueries } from './shipments';
import { stockRequestMutations, stockRequestQueries } from './stock-requests';

interface ProductRef {
  id: string;
  manufacturer?: { organization?: { id: string } | null } | null;
}

interface StoreRef {
  id: string;
  partnerOrganization?: { id: string } | null;
}

/*
 * Object resolvers read the mapped domain objects: Prisma rows, or the `payload` of an inventory
 * event (src/events/inventory-events.ts), which carries the same field names (dates as ISO
 * strings, `items`/`trackingEvents` embedded). Both resolve every field.
 */
interface RequestLike {
  id: string;
  storeId: string;
  items: unknown[];
}
interface ShipmentLike {
  id: string;
  storeId: string;
  stockRequestId: string | null;
  logisticsOrganizationId: string | null;
}
interface ProductLine {
  productId: string;
}

export const resolvers = {
  DateTime: scalarResolvers.DateTime,
  Query: { ...levelQueries, ...stockRequestQueries, ...shipmentQueries },
  Mutation: { ...levelMutations, ...stockRequestMutations, ...shipmentMutations },
  InventoryLevel: {
    __resolveReference: ({ id }: { id: string }, ctx: InventoryContext) => ctx.loaders.level.load(id),
    store: (l: Level) => ({ id: l.storeId }),
    product: (l: Level) => ({ id: l.productId }),
    available: availableOf,
    lowStock: isLowStock,
    movements: levelFields.movements,
  },
  StockRequest: {
    __resolveReference: ({ id }: { id: string }, ctx: InventoryContext) => ctx.loaders.stockRequest.load(id),
    store: (r: RequestLike) => ({ id: r.storeId }),
    shipments: (r: RequestLike, _: unknown, ctx: InventoryContext) => ctx.loaders.shipmentsByRequest.load(r.id),
  },
  StockRequestItem: {
    product: (i: ProductLine) => ({ id: i.productId }),
  },
  Shipment: {
    __resolveReference: ({ id }: { id: string }, ctx: InventoryContext) => ctx.loaders.shipment.load(id),
    // A carrier sees the shipments it carries, not the partner's requests behind them.
    stockRequest: (s: ShipmentLike, _: unknown, ctx: InventoryContext) => (s.stockRequestId && ctx.viewer?.role !== 'LOGISTICS' ? ctx.loaders.stockRequest.load(s.stockRequestId) : null),
    store: (s: ShipmentLike) => ({ id: s.storeId }),
    logisticsOrganization: (s: ShipmentLike) => (s.logisticsOrganizationId ? { id: s.logisticsOrganizationId } : null),
  },
  ShipmentItem: {
    product: (i: ProductLine) => ({ id: i.productId }),
    discrepancy: (i: { quantity: number; receivedQuantity: number | null }) => (i.receivedQuantity == null ? null : i.receivedQuantity - i.quantity),
  },
  Product: {
    // Any product id is a valid reference here: a product without stock simply has no levels.
    // The representation carries the @requires fields (manufacturer's organization) from the catalog.
    __resolveReference: (ref: ProductRef) => ref,
    inventoryLevels: (p: ProductRef, _: unknown, ctx: InventoryContext) => {
      if (!mayReadProductStock(ctx.viewer, p.manufacturer?.organization?.id)) throw forbidden('Only admins and the product\'s manufacturer see its stock');
      return ctx.loaders.levelsByProduct.load(p.id);
    },
    /** Public: a shopper-facing number (sum over this region's stores). */
    availability: async (p: ProductRef, _: unknown, ctx: InventoryContext) => (await ctx.loaders.availability.load(p.id))?.available ?? 0,
  },
  Store: {
    __resolveReference: (ref: StoreRef) => ref,
    inventoryLevels: (s: StoreRef, _: unknown, ctx: InventoryContext) => {
      if (!mayReadStoreStock(ctx.viewer, s.partnerOrganization?.id)) throw forbidden('Only admins and the partner running this store see its stock');
      return ctx.loaders.levelsByStore.load(s.id);
    },
  },
};
