/**
 * Stock request life cycle: a partner asks (REQUESTED); an admin approves, possibly fewer units
 * (APPROVED), or rejects with a reason (REJECTED); the manufacturer acknowledges (ACKNOWLEDGED);
 * a shipment created from it makes it SHIPPED.
 */
import type { STOCK_REQUEST_STATUSES } from '@miw/contracts';
import type { InventoryErrorCode } from '../schema.generated';
import type { Transitions } from './state-machine';

export type StockRequestStatus = (typeof STOCK_REQUEST_STATUSES)[number];

export const STOCK_REQUEST_TRANSITIONS: Transitions<StockRequestStatus> = {
  REQUESTED: ['APPROVED', 'REJECTED'],
  APPROVED: ['ACKNOWLEDGED'],
  ACKNOWLEDGED: ['SHIPPED'],
  REJECTED: [],
  SHIPPED: [],
};

/** Most lines in one request and units per line (input limits). */
const MAX_REQUEST_ITEMS = 100;
const MAX_LINE_QUANTITY = 100_000;

export interface ItemInput {
  productId: string;
  quantity: number;
}

export interface FieldProblem {
  code: Extract<InventoryErrorCode, 'INVALID'>;
  field: string;
  message: string;
}

/** Validates requested lines: 1..100 lines, distinct products, quantities 1..100,000. */
export function validateRequestedItems(items: ItemInput[], field = 'input.items'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (items.length === 0 || items.length > MAX_REQUEST_ITEMS) problems.push({ code: 'INVALID', field, message: `between 1 and ${MAX_REQUEST_ITEMS} lines` });
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const id = item.productId.toLowerCase();
    if (seen.has(id)) problems.push({ code: 'INVALID', field: `${field}.${i}.productId`, message: 'each product appears once' });
    seen.add(id);
    if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > MAX_LINE_QUANTITY) {
      problems.push({ code: 'INVALID', field: `${field}.${i}.quantity`, message: `quantity must be between 1 and ${MAX_LINE_QUANTITY}` });
    }
  });
  return problems;
}

/**
 * Approved quantities per product: every requested product gets its approved quantity (0 to the
 * requested one); a product not listed is approved in full; a product not requested is refused.
 */
export function approvedQuantities(requested: ItemInput[], approved: ItemInput[] | null | undefined): { quantities: Map<string, number>; problems: FieldProblem[] } {
  const quantities = new Map(requested.map((r) => [r.productId.toLowerCase(), r.quantity]));
  const problems: FieldProblem[] = [];
  (approved ?? []).forEach((a, i) => {
    const id = a.productId.toLowerCase();
    const max = quantities.get(id);
    if (max === undefined) problems.push({ code: 'INVALID', field: `input.items.${i}.productId`, message: 'this product was not requested' });
    else if (!Number.isInteger(a.quantity) || a.quantity < 0 || a.quantity > max) problems.push({ code: 'INVALID', field: `input.items.${i}.quantity`, message: `approve between 0 and ${max} units` });
    else quantities.set(id, a.quantity);
  });
  if (!problems.length && [...quantities.values()].every((q) => q === 0)) problems.push({ code: 'INVALID', field: 'input.items', message: 'approve at least one unit (or reject the request)' });
  return { quantities, problems };
}
