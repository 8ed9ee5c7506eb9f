/**
 * Stock requests: a partner asks, an admin approves or rejects, the manufacturer acknowledges (a
 * shipment created from it, src/services/shipments.ts, makes it SHIPPED). Every change moves the
 * request along its state machine with a conditional UPDATE and writes its event in the same
 * transaction.
 */
import { forbidden } from '@miw/auth';
import { isAuditedViewer } from '@miw/contracts';
import { writeOutbox } from '@miw/events';
import type { InventoryContext } from '../context';
import { visibleTo, type Audience } from '../domain/audience';
import { DomainFailure, fail, failWith, wrongState } from '../domain/failure';
import { sourcesOf, transitionError } from '../domain/state-machine';
import { approvedQuantities, STOCK_REQUEST_TRANSITIONS, validateRequestedItems, type ItemInput, type StockRequestStatus } from '../domain/stock-request';
import { transaction, type InventoryTx } from '../data/db';
import { audienceFor, knownProducts, makerOrganizations, productsOfOrganization, storesOfOrganization } from '../data/projection';
import {
  findStockRequest,
  insertStockRequest,
  listStockRequests,
  setApprovedQuantities,
  transitionStockRequest,
  type StockRequestFilter,
  type StockRequestWithItems,
} from '../data/stock-requests';
import { inventoryAudit, stockRequestAuditFields } from '../events/audit';
import { stockRequestEvent, stockRequestPayload, type StockRequestVerb } from '../events/inventory-events';
import { requireStorePartner, storeOfRegion } from './access';

/** Who may see requests, as a filter: null means nothing at all. */
async function requestFilterFor(ctx: InventoryContext): Promise<StockRequestFilter | null> {
  const v = ctx.viewer;
  if (v?.role === 'ADMIN') return {};
  if (!v?.organizationId) return null;
  if (v.role === 'PARTNER') return { storeIds: await storesOfOrganization(ctx.db, v.organizationId) };
  if (v.role === 'MANUFACTURER') return { productIds: await productsOfOrganization(ctx.db, v.organizationId) };
  return null;
}

/** Who may see a request besides admins: the store's partner and the makers of its products. */
const requestAudience = (ctx: InventoryContext, r: StockRequestWithItems): Promise<Audience> => audienceFor(ctx.db, r.storeId, r.items.map((i) => i.productId));

export interface PageQuery<S> {
  size: number;
  after: { createdAt: Date; id: string } | undefined;
  status: S | null;
}

/** The requests the caller may see, newest first: `size` rows and one more when there is a next page. */
export async function visibleStockRequests(ctx: InventoryContext, page: PageQuery<StockRequestStatus>): Promise<StockRequestWithItems[]> {
  const filter = await requestFilterFor(ctx);
  const rows = page.size === 0 || !filter ? [] : await listStockRequests(ctx.db, { ...filter, status: page.status }, page.size + 1, page.after);
  for (const row of rows) ctx.loaders.stockRequest.prime(row.id, row);
  return rows;
}

/** The request, or null when there is none the caller may see. */
export async function visibleStockRequest(ctx: InventoryContext, id: string): Promise<StockRequestWithItems | null> {
  const request = await ctx.loaders.stockRequest.load(id);
  return request && visibleTo(ctx.viewer, await requestAudience(ctx, request)) ? request : null;
}

/** The request, or a NOT_FOUND payload error (also when the caller may not see it: no leak of its existence). */
export async function requireVisibleRequest(ctx: InventoryContext, id: string): Promise<StockRequestWithItems> {
  return (await visibleStockRequest(ctx, id)) ?? fail('NOT_FOUND', 'input.id', 'no stock request you may see has this id');
}

/** A manufacturer acts on requests containing at least one of its products. */
export async function requireMakerOf(ctx: InventoryContext, request: StockRequestWithItems): Promise<void> {
  if (ctx.viewer?.role === 'ADMIN') return;
  const makers = await makerOrganizations(ctx.db, request.items.map((i) => i.productId));
  if (ctx.viewer?.role !== 'MANUFACTURER' || ![...makers.values()].includes(ctx.viewer.organizationId ?? '')) throw forbidden('Only admins and the manufacturer of the requested products may do this');
}

/** What an admin's move of a request is called in the audit log. */
const AUDITED_AS: Record<Exclude<StockRequestVerb, 'created'>, string> = {
  approved: 'stock_request.approve',
  rejected: 'stock_request.reject',
  acknowledged: 'stock_request.acknowledge',
  shipped: 'stock_request.ship',
};

/**
 * Moves a request along its state machine in `tx` (conditional update; an invalid move is an
 * INVALID_TRANSITION payload error naming the current state), runs `also`, and writes the event
 * (and, for an admin, the audit entry with the request as this transaction saw it before).
 */
export async function transitionRequest(
  tx: InventoryTx,
  ctx: InventoryContext,
  id: string,
  to: StockRequestStatus,
  verb: Exclude<StockRequestVerb, 'created'>,
  extra: { rejectionReason?: string } = {},
  also?: (request: StockRequestWithItems) => Promise<void>,
): Promise<StockRequestWithItems> {
  const before = isAuditedViewer(ctx.viewer) ? await findStockRequest(tx, id) : null;
  if (!(await transitionStockRequest(tx, id, sourcesOf(STOCK_REQUEST_TRANSITIONS, to), to, extra))) {
    const current = await findStockRequest(tx, id);
    if (!current) return fail('NOT_FOUND', 'input.id', 'no stock request has this id');
    const error = transitionError(STOCK_REQUEST_TRANSITIONS, 'The stock request', current.status, to);
    throw error ? new DomainFailure([error]) : wrongState(current.status, 'The stock request changed meanwhile; read it again and retry');
  }
  if (also) await also((await findStockRequest(tx, id))!);
  const request = (await findStockRequest(tx, id))!;
  await writeOutbox(tx, 'inventory', [
    stockRequestEvent(ctx, verb, stockRequestPayload(request, await audienceFor(tx, request.storeId, request.items.map((i) => i.productId)))),
    ...inventoryAudit(ctx, 'StockRequest', AUDITED_AS[verb], id, before && stockRequestAuditFields(before), stockRequestAuditFields(request)),
  ]);
  // Fields resolved after the mutation must see the new state, not the one read before it.
  ctx.loaders.stockRequest.clear(id).prime(id, request);
  return request;
}

export interface CreateStockRequestInput {
  storeId: string;
  items: ItemInput[];
  note: string | null;
}

/** A partner (or an admin) asks for stock for a store of this region. */
export async function createStockRequest(ctx: InventoryContext, input: CreateStockRequestInput): Promise<StockRequestWithItems> {
  const { storeId, items, note } = input;
  failWith(validateRequestedItems(items));
  const store = await storeOfRegion(ctx, storeId, 'input.storeId');
  requireStorePartner(ctx, store.partnerOrganizationId);
  const known = await knownProducts(ctx.db, items.map((i) => i.productId));
  failWith(items.flatMap((item, i) => (known.has(item.productId) ? [] : [{ code: 'NOT_FOUND' as const, field: `input.items.${i}.productId`, message: 'no product has this id' }])));
  const created = await transaction(ctx.db, async (tx) => {
    const request = await insertStockRequest(tx, { storeId, note, requestedById: ctx.viewer?.userId ?? null, items });
    await writeOutbox(tx, 'inventory', [
      stockRequestEvent(ctx, 'created', stockRequestPayload(request, await audienceFor(tx, storeId, items.map((i) => i.productId)))),
      ...inventoryAudit(ctx, 'StockRequest', 'stock_request.create', request.id, null, stockRequestAuditFields(request)),
    ]);
    return request;
  });
  ctx.logger.info({ stockRequestId: created.id, storeId }, 'stock request created');
  return created;
}

/** An admin approves a request, possibly fewer units per line (`items`; unlisted lines in full). */
export async function approveStockRequest(ctx: InventoryContext, input: { id: string; items: ItemInput[] | null }): Promise<StockRequestWithItems> {
  const request = await requireVisibleRequest(ctx, input.id);
  const requested = request.items.map((i) => ({ productId: i.productId, quantity: i.requestedQuantity }));
  const { quantities, problems } = approvedQuantities(requested, input.items);
  failWith(problems);
  return transaction(ctx.db, (tx) => transitionRequest(tx, ctx, input.id, 'APPROVED', 'approved', {}, () => setApprovedQuantities(tx, input.id, quantities)));
}

export async function rejectStockRequest(ctx: InventoryContext, input: { id: string; reason: string }): Promise<StockRequestWithItems> {
  await requireVisibleRequest(ctx, input.id);
  return transaction(ctx.db, (tx) => transitionRequest(tx, ctx, input.id, 'REJECTED', 'rejected', { rejectionReason: input.reason }));
}

/** The manufacturer of the requested products confirms it will ship them. */
export async function acknowledgeStockRequest(ctx: InventoryContext, id: string): Promise<StockRequestWithItems> {
  const request = await requireVisibleRequest(ctx, id);
  await requireMakerOf(ctx, request);
  return transaction(ctx.db, (tx) => transitionRequest(tx, ctx, id, 'ACKNOWLEDGED', 'acknowledged'));
}
