/**
 * What the resolvers of some types receive (the codegen mappers): a row plus what the service
 * decided about it.
 */
import type { CatalogProduct, Order } from './data/db';

/**
 * An order as the viewer may see it. `makerOrganizationId` is set when a manufacturer sees it for
 * demand: only the lines of its products, no customer, address, note or payment.
 */
export type OrderObject = Order & { makerOrganizationId?: string | null };

/** A cart line with the cart's store and the product as orders knows it (null: unknown here). */
export interface CartLine {
  cartId: string;
  storeId: string;
  productId: string;
  quantity: number;
  product: CatalogProduct | null;
}

/** A line named by an OUT_OF_STOCK or PRICE_CHANGED payload error. */
export interface ErrorLine {
  productId: string;
  requested: number;
  available?: number | null;
  previousUnitPrice?: { amount: number; currency: string } | null;
  unitPrice?: { amount: number; currency: string } | null;
}

/** A postal address as stored on an order (JSON). */
export interface AddressObject {
  name: string;
  line1: string;
  line2?: string | null;
  city: string;
  postalCode?: string | null;
  country: string;
}
