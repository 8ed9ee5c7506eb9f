/**
 * Products: browsing (visibility by viewer) and writes. Admins change every product; a manufacturer
 * only its own manufacturer's products, and may not hand one to a manufacturer it does not act for.
 */
import { forbidden } from '@miw/auth';
import { pageSize, userInputError } from '@miw/service-kit';
import { currentProduct } from '../data/audit';
import { insertProduct, updateProductRow } from '../data/catalog';
import type { CatalogTx, Manufacturer, Prisma, Product } from '../data/db';
import { countProductMatches, listProductPage, searchQuery, type ProductOrderBy, type ProductQuery } from '../data/products';
import { stampedUpdate } from '../data/writes';
import { actsForManufacturer } from '../domain/manufacturer';
import { productVisibility, validateNewProduct, validateProductChanges, type CreateProductInput, type UpdateProductInput } from '../domain/product';
import { productAuditFields } from '../events/audit';
import { productEvent } from '../events/catalog-events';
import type { PageInfo, ProductFilter } from '../schema.generated';
import { productCursor, toProductQuery } from './product-list';
import { commit, missingReferences, notFound, refused, requireMasterRegion, type CatalogDeps, type EntityWrites, type WriteResult } from './write';

const writes: EntityWrites<Product> = {
  entity: 'Product',
  event: productEvent,
  unique: { field: 'sku', code: 'SKU_TAKEN', what: 'product SKU' },
  audit: { fields: productAuditFields, current: currentProduct },
};

/** A page of `products`; `count` runs only when the client asks for totalCount. */
export interface ProductPage {
  edges: { cursor: string; node: Product }[];
  pageInfo: PageInfo;
  count: () => Promise<number>;
}

export interface ListProductsInput {
  filter?: ProductFilter | null | undefined;
  orderBy?: ProductOrderBy | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}

/** A page of the products matching the filter that the viewer may see (BAD_USER_INPUT for a malformed filter or cursor). */
export async function listProducts(deps: CatalogDeps, args: ListProductsInput): Promise<ProductPage> {
  const size = pageSize(args.first);
  const orderBy = args.orderBy ?? 'CREATED_AT_ASC';
  const q: ProductQuery = { ...toProductQuery(args.filter ?? {}), visibility: productVisibility(deps.viewer) };
  if (orderBy === 'RELEVANCE' && !q.search) throw userInputError('orderBy RELEVANCE needs filter.search', { field: 'orderBy' });
  const cursor = productCursor(orderBy);
  const after = cursor.decode(args.after);
  // A search is resolved to its tsquery once, for the page and the count; no known word: no match.
  if (q.search) q.tsquery = await searchQuery(deps.pool, q.search);
  const nothing = Boolean(q.search) && !q.tsquery;
  const page = size === 0 || nothing ? { products: [], matches: null } : await listProductPage(deps.pool, q, orderBy, size + 1, after);
  const rows = page.products;
  for (const row of rows) deps.loaders.product.prime(row.id, row);
  const edges = rows.slice(0, size).map((node, i) => ({ node, cursor: cursor.encode(node, i, after) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > size, hasPreviousPage: Boolean(after), startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    // A relevance page below the candidate cap counted its matches already.
    count: async () => (nothing ? 0 : (page.matches ?? countProductMatches(deps.pool, q))),
  };
}

/** The product `id` if the viewer may see it: ACTIVE ones for everyone, others by `productVisibility`. */
export async function visibleProduct(deps: CatalogDeps, id: string): Promise<Product | null> {
  const product = await deps.loaders.product.load(id);
  if (!product || product.status === 'ACTIVE') return product;
  const visibility = productVisibility(deps.viewer);
  if ('all' in visibility) return product;
  if (!visibility.organizationId || !product.manufacturerId) return null;
  const manufacturer = await deps.loaders.manufacturer.load(product.manufacturerId);
  return manufacturer?.organizationId === visibility.organizationId ? product : null;
}

/** Loads the manufacturer and category an input names (undefined: not named; null: missing). */
async function references(deps: CatalogDeps, ids: { manufacturerId?: string | null | undefined; categoryId?: string | null | undefined }) {
  const [manufacturer, category] = await Promise.all([
    ids.manufacturerId ? deps.loaders.manufacturer.load(ids.manufacturerId) : undefined,
    ids.categoryId ? deps.loaders.category.load(ids.categoryId) : undefined,
  ]);
  const errors = missingReferences([
    ['manufacturerId', manufacturer, 'manufacturer'],
    ['categoryId', category, 'category'],
  ]);
  return { manufacturer, errors };
}

const denyManufacturer = () => forbidden('Manufacturers manage the products of their own manufacturer only');

/** Loads a live product for a change, answering NOT_FOUND, or FORBIDDEN for another manufacturer's product. */
async function editableProduct(deps: CatalogDeps, id: string): Promise<Product> {
  const product = await deps.loaders.product.load(id);
  if (!product) throw notFound('product');
  if (deps.viewer?.role !== 'ADMIN') {
    const owner: Manufacturer | null = product.manufacturerId ? await deps.loaders.manufacturer.load(product.manufacturerId) : null;
    if (!actsForManufacturer(deps.viewer, owner)) throw denyManufacturer();
  }
  return product;
}

/** Stamps and updates (or tombstones) the product in `tx`; null when it vanished meanwhile. */
const updateIn = (id: string, data: Prisma.ProductUncheckedUpdateInput | 'tombstone') => (tx: CatalogTx) => stampedUpdate(tx, 'product', id, data, updateProductRow);

export async function createProduct(deps: CatalogDeps, input: CreateProductInput): Promise<WriteResult<Product>> {
  requireMasterRegion(deps);
  const { product, errors } = validateNewProduct(input);
  if (!product) return refused(errors);
  const refs = await references(deps, product);
  if (refs.errors.length) return refused(refs.errors);
  if (!actsForManufacturer(deps.viewer, refs.manufacturer)) throw forbidden('Manufacturers create products of their own manufacturer only (set input.manufacturerId)');
  return commit(deps, writes, 'created', { action: 'create' }, (tx) => insertProduct(tx, { ...product, attributes: product.attributes as Prisma.InputJsonObject, originRegion: deps.region }));
}

/** Changes the given fields of product `input.id` (a valid UUID). */
export async function updateProduct(deps: CatalogDeps, input: UpdateProductInput): Promise<WriteResult<Product>> {
  requireMasterRegion(deps);
  const existing = await editableProduct(deps, input.id);
  const { changes, errors } = validateProductChanges(input);
  if (!changes) return refused(errors);
  const refs = await references(deps, changes);
  if (refs.errors.length) return refused(refs.errors);
  // A manufacturer may not hand its product to a manufacturer it does not act for.
  if (changes.manufacturerId !== undefined && !actsForManufacturer(deps.viewer, refs.manufacturer)) throw denyManufacturer();
  const { attributes, ...rest } = changes;
  return commit(deps, writes, 'updated', { action: 'update', targetId: existing.id }, updateIn(existing.id, { ...rest, ...(attributes ? { attributes: attributes as Prisma.InputJsonObject } : {}) }));
}

export async function archiveProduct(deps: CatalogDeps, id: string): Promise<WriteResult<Product>> {
  requireMasterRegion(deps);
  const existing = await editableProduct(deps, id);
  return commit(deps, writes, 'updated', { action: 'archive', targetId: existing.id }, updateIn(existing.id, { status: 'ARCHIVED' }));
}

export async function deleteProduct(deps: CatalogDeps, id: string): Promise<WriteResult<Product>> {
  requireMasterRegion(deps);
  const existing = await editableProduct(deps, id);
  return commit(deps, writes, 'deleted', { action: 'delete', targetId: existing.id }, updateIn(existing.id, 'tombstone'));
}
