/** Stock requests and their lines. Status changes are conditional UPDATEs (no read-modify-write). */
import { afterTimeCursor } from '@miw/service-kit';
import type { StockRequestStatus } from '../domain/stock-request';
import type { Prisma, InventoryDb, InventoryReader, InventoryTx, StockRequest, StockRequestItem } from './db';

export type StockRequestWithItems = StockRequest & { items: StockRequestItem[] };

export const findStockRequests = (db: InventoryReader, ids: readonly string[]): Promise<StockRequestWithItems[]> =>
  db.stockRequest.findMany({ where: { id: { in: [...ids] } }, include: { items: { orderBy: { productId: 'asc' } } } });

export const findStockRequest = async (db: InventoryReader, id: string): Promise<StockRequestWithItems | null> => (await findStockRequests(db, [id]))[0] ?? null;

export interface NewStockRequest {
  storeId: string;
  note: string | null;
  requestedById: string | null;
  items: { productId: string; quantity: number }[];
}

export const insertStockRequest = (tx: InventoryTx, r: NewStockRequest): Promise<StockRequestWithItems> =>
  tx.stockRequest.create({
    data: {
      storeId: r.storeId,
      note: r.note,
      requestedById: r.requestedById,
      items: { create: r.items.map((i) => ({ productId: i.productId, requestedQuantity: i.quantity })) },
    },
    include: { items: { orderBy: { productId: 'asc' } } },
  });

/**
 * Moves a request to `to` only if it is in one of `from` (atomic). Returns false when its status
 * did not allow it (or it does not exist).
 */
export async function transitionStockRequest(tx: InventoryTx, id: string, from: StockRequestStatus[], to: StockRequestStatus, extra: { rejectionReason?: string } = {}): Promise<boolean> {
  const { count } = await tx.stockRequest.updateMany({ where: { id, status: { in: from } }, data: { status: to, ...extra } });
  return count === 1;
}

export async function setApprovedQuantities(tx: InventoryTx, id: string, quantities: Map<string, number>): Promise<void> {
  for (const [productId, approvedQuantity] of quantities) await tx.stockRequestItem.updateMany({ where: { stockRequestId: id, productId }, data: { approvedQuantity } });
}

export interface StockRequestFilter {
  status?: StockRequestStatus | null;
  /** Only requests for these stores. */
  storeIds?: string[];
  /** Only requests with a line for one of these products. */
  productIds?: string[];
}

/** One page of requests, newest first. */
export function listStockRequests(db: InventoryDb, filter: StockRequestFilter, limit: number, after?: { createdAt: Date; id: string }): Promise<StockRequestWithItems[]> {
  const and: Prisma.StockRequestWhereInput[] = [];
  if (filter.status) and.push({ status: filter.status });
  if (filter.storeIds) and.push({ storeId: { in: filter.storeIds } });
  if (filter.productIds) and.push({ items: { some: { productId: { in: filter.productIds } } } });
  if (after) and.push(afterTimeCursor(after, 'desc'));
  return db.stockRequest.findMany({ where: { AND: and }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit, include: { items: { orderBy: { productId: 'asc' } } } });
}
