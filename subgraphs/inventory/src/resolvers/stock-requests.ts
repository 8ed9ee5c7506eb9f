/** Stock requests: a partner asks, an admin approves or rejects, the manufacturer acknowledges. */
import { isUuid } from '@miw/contracts';
import { optionalText, pageSize, requiredText, requireUuid, timeCursor, toConnection } from '@miw/service-kit';
import { attempt } from '../domain/failure';
import type { MutationResolvers, QueryResolvers, StockRequestItemResolvers, StockRequestResolvers } from '../schema.generated';
import { acknowledgeStockRequest, approveStockRequest, createStockRequest, rejectStockRequest, visibleStockRequest, visibleStockRequests } from '../services/stock-requests';

const requestCursor = timeCursor('stock_request');
const NO_REQUEST = { stockRequest: null };

export const stockRequestQueries: Pick<QueryResolvers, 'stockRequests' | 'stockRequest'> = {
  async stockRequests(_, args, ctx) {
    const size = pageSize(args.first);
    const after = requestCursor.decode(args.after);
    const rows = await visibleStockRequests(ctx, { size, after, status: args.status ?? null });
    return toConnection(rows, size, requestCursor.encode, Boolean(after));
  },

  stockRequest: (_, { id }, ctx) => (isUuid(id) ? visibleStockRequest(ctx, id) : null),
};

export const stockRequestMutations: Pick<MutationResolvers, 'createStockRequest' | 'approveStockRequest' | 'rejectStockRequest' | 'acknowledgeStockRequest'> = {
  createStockRequest(_, { input }, ctx) {
    const storeId = requireUuid(input.storeId, 'input.storeId');
    const items = input.items.map((item, i) => ({ productId: requireUuid(item.productId, `input.items.${i}.productId`), quantity: item.quantity }));
    const note = optionalText(input.note, 'input.note', 500);
    return attempt(NO_REQUEST, async () => ({ stockRequest: await createStockRequest(ctx, { storeId, items, note }) }));
  },

  approveStockRequest(_, { input }, ctx) {
    const id = requireUuid(input.id, 'input.id');
    return attempt(NO_REQUEST, async () => ({ stockRequest: await approveStockRequest(ctx, { id, items: input.items ?? null }) }));
  },

  rejectStockRequest(_, { input }, ctx) {
    const id = requireUuid(input.id, 'input.id');
    const reason = requiredText(input.reason, 'input.reason', 500);
    return attempt(NO_REQUEST, async () => ({ stockRequest: await rejectStockRequest(ctx, { id, reason }) }));
  },

  acknowledgeStockRequest(_, { input }, ctx) {
    const id = requireUuid(input.id, 'input.id');
    return attempt(NO_REQUEST, async () => ({ stockRequest: await acknowledgeStockRequest(ctx, id) }));
  },
};

export const StockRequest: StockRequestResolvers = {
  __resolveReference: ({ id }, ctx) => ctx.loaders.stockRequest.load(id),
  store: (r) => ({ id: r.storeId }),
  shipments: (r, _, ctx) => ctx.loaders.shipmentsByRequest.load(r.id),
};

export const StockRequestItem: StockRequestItemResolvers = {
  product: (i) => ({ id: i.productId }),
};
