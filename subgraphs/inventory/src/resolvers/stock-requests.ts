/** Stock requests: a partner asks, an admin approves or rejects, the manufacturer acknowledges. */
import { forbidden } from '@miw/auth';
import { writeOutbox } from '@miw/events';
import { pageSize, timeCursor, toConnection } from '@miw/service-kit';
import { isUuid } from '@miw/contracts';
import type { InventoryContext } from '../context';
import { visibleTo } from '../domain/audience';
import { sourcesOf, transitionError } from '../domain/state-machine';
import { approvedQuantities, STOCK_REQUEST_TRANSITIONS, validateRequestedItems, type ItemInput, type StockRequestStatus } from '../domain/stock-request';
import type { InventoryTx } from '../data/db';
import { audienceFor, knownProducts, makerOrganizations, productsOfOrganization, storesOfOrganization } from '../data/projection';
import { findStockRequest, insertStockRequest, listStockRequests, setApprovedQuantities, transitionStockRequest, type StockRequestFilter, type StockRequestWithItems } from '../data/stock-requests';
import { stockRequestEvent, stockRequestSnapshot } from '../events/inventory-events';
import { attempt, inTransaction, DomainFailure, fail, optionalText, requiredText, requireStorePartner, requireUuid, storeOfRegion, wrongState } from './shared';

const requestCursor = timeCursor('stock_request');
const NO_REQUEST = { stockRequest: null };

type Verb = 'approved' | 'rejected' | 'acknowledged' | 'shipped';

/** Who may see requests, as a filter: null means nothing at all. */
export async function requestFilterFor(ctx: InventoryContext): Promise<StockRequestFilter | null> {
  const v = ctx.viewer;
  if (v?.role === 'ADMIN') return {};
  if (!v?.organizationId) return null;
  if (v.role === 'PARTNER') return { storeIds: await storesOfOrganization(ctx.db, v.organizationId) };
  if (v.role === 'MANUFACTURER') return { productIds: await productsOfOrganization(ctx.db, v.organizationId) };
  return null;
}

export const requestAudience = (ctx: InventoryContext, r: StockRequestWithItems) => audienceFor(ctx.db, r.storeId, r.items.map((i) => i.productId));

/** The request, or a NOT_FOUND payload error (also when the caller may not see it: no leak of its existence). */
async function visibleRequest(ctx: InventoryContext, id: string) {
  const request = await ctx.loaders.stockRequest.load(id);
  if (!request || !visibleTo(ctx.viewer, await requestAudience(ctx, request))) return fail('NOT_FOUND', 'input.id', 'no stock request you may see has this id');
  return request;
}

/** A manufacturer acts on requests containing at least one of its products. */
async function requireMakerOf(ctx: InventoryContext, request: StockRequestWithItems) {
  if (ctx.viewer?.role === 'ADMIN') return;
  const makers = await makerOrganizations(ctx.db, request.items.map((i) => i.productId));
  if (ctx.viewer?.role !== 'MANUFACTURER' || ![...makers.values()].includes(ctx.viewer.organizationId ?? '')) throw forbidden('Only admins and the manufacturer of the requested products may do this');
}

/**
 * Moves a request along its state machine in `tx` (conditional update; an invalid move is an
 * INVALID_TRANSITION payload error naming the current state), runs `also`, and writes the event.
 */
export async function transitionRequest(
  tx: InventoryTx,
  ctx: InventoryContext,
  id: string,
  to: StockRequestStatus,
  verb: Verb,
  extra: { rejectionReason?: string } = {},
  also?: (request: StockRequestWithItems) => Promise<void>,
): Promise<StockRequestWithItems> {
  if (!(await transitionStockRequest(tx, id, sourcesOf(STOCK_REQUEST_TRANSITIONS, to), to, extra))) {
    const current = await findStockRequest(tx, id);
    if (!current) return fail('NOT_FOUND', 'input.id', 'no stock request has this id');
    const error = transitionError(STOCK_REQUEST_TRANSITIONS, 'The stock request', current.status, to);
    throw error ? new DomainFailure([error]) : wrongState(current.status, 'The stock request changed meanwhile; read it again and retry');
  }
  if (also) await also((await findStockRequest(tx, id))!);
  const request = (await findStockRequest(tx, id))!;
  await writeOutbox(tx, 'inventory', [stockRequestEvent(ctx, verb, stockRequestSnapshot(request, await audienceFor(tx, request.storeId, request.items.map((i) => i.productId))))]);
  // Fields resolved after the mutation must see the new state, not the one read before it.
  ctx.loaders.stockRequest.clear(id).prime(id, request);
  return request;
}

export const stockRequestQueries = {
  async stockRequests(_: unknown, args: { first?: number | null; after?: string | null; status?: StockRequestStatus | null }, ctx: InventoryContext) {
    const size = pageSize(args.first);
    const after = requestCursor.decode(args.after);
    const filter = await requestFilterFor(ctx);
    const rows = size === 0 || !filter ? [] : await listStockRequests(ctx.db, { ...filter, status: args.status ?? null }, size + 1, after);
    for (const row of rows) ctx.loaders.stockRequest.prime(row.id, row);
    return toConnection(rows, size, requestCursor.encode, Boolean(after));
  },

  async stockRequest(_: unknown, { id }: { id: string }, ctx: InventoryContext) {
    if (!isUuid(id)) return null;
    const request = await ctx.loaders.stockRequest.load(id);
    return request && visibleTo(ctx.viewer, await requestAudience(ctx, request)) ? request : null;
  },
};

interface CreateStockRequestInput {
  storeId: string;
  items: ItemInput[];
  note?: string | null;
}

export const stockRequestMutations = {
  async createStockRequest(_: unknown, { input }: { input: CreateStockRequestInput }, ctx: InventoryContext) {
    const storeId = requireUuid(input.storeId, 'input.storeId');
    const items = input.items.map((item, i) => ({ productId: requireUuid(item.productId, `input.items.${i}.productId`), quantity: item.quantity }));
    const note = optionalText(input.note, 'input.note', 500);
    const problems = validateRequestedItems(items);
    if (problems.length) return { ...NO_REQUEST, errors: problems };
    return attempt(NO_REQUEST, async () => {
      const store = await storeOfRegion(ctx, storeId, 'input.storeId');
      requireStorePartner(ctx, store.partnerOrganizationId);
      const known = await knownProducts(ctx.db, items.map((i) => i.productId));
      const unknown = items.flatMap((item, i) => (known.has(item.productId) ? [] : [{ code: 'NOT_FOUND' as const, field: `input.items.${i}.productId`, message: 'no product has this id' }]));
      if (unknown.length) throw new DomainFailure(unknown);
      const stockRequest = await inTransaction(ctx, async (tx) => {
        const created = await insertStockRequest(tx, { storeId, note, requestedById: ctx.viewer?.userId ?? null, items });
        await writeOutbox(tx, 'inventory', [stockRequestEvent(ctx, 'created', stockRequestSnapshot(created, await audienceFor(tx, storeId, items.map((i) => i.productId))))]);
        return created;
      });
      ctx.logger.info({ stockRequestId: stockRequest.id, storeId }, 'stock request created');
      return { stockRequest };
    });
  },

  async approveStockRequest(_: unknown, { input }: { input: { id: string; items?: ItemInput[] | null } }, ctx: InventoryContext) {
    const id = requireUuid(input.id, 'input.id');
    return attempt(NO_REQUEST, async () => {
      const request = await visibleRequest(ctx, id);
      const requested = request.items.map((i) => ({ productId: i.productId, quantity: i.requestedQuantity }));
      const { quantities, problems } = approvedQuantities(requested, input.items);
      if (problems.length) throw new DomainFailure(problems);
      const stockRequest = await inTransaction(ctx, (tx) => transitionRequest(tx, ctx, id, 'APPROVED', 'approved', {}, () => setApprovedQuantities(tx, id, quantities)));
      return { stockRequest };
    });
  },

  async rejectStockRequest(_: unknown, { input }: { input: { id: string; reason: string } }, ctx: InventoryContext) {
    const id = requireUuid(input.id, 'input.id');
    const rejectionReason = requiredText(input.reason, 'input.reason', 500);
    return attempt(NO_REQUEST, async () => {
      await visibleRequest(ctx, id);
      const stockRequest = await inTransaction(ctx, (tx) => transitionRequest(tx, ctx, id, 'REJECTED', 'rejected', { rejectionReason }));
      return { stockRequest };
    });
  },

  async acknowledgeStockRequest(_: unknown, { input }: { input: { id: string } }, ctx: InventoryContext) {
    const id = requireUuid(input.id, 'input.id');
    return attempt(NO_REQUEST, async () => {
      const request = await visibleRequest(ctx, id);
      await requireMakerOf(ctx, request);
      const stockRequest = await inTransaction(ctx, (tx) => transitionRequest(tx, ctx, id, 'ACKNOWLEDGED', 'acknowledged'));
      return { stockRequest };
    });
  },
};

export { requireMakerOf, visibleRequest };
