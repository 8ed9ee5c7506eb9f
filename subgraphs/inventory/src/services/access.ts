/**
 * Row-level access the supply-chain services share: who may see or change what, from the local
 * catalog projection (who runs a store) and the audience of an object.
 */
import { forbidden } from '@miw/auth';
import type { InventoryContext } from '../context';
import { audienceOf, visibleTo, type Audience } from '../domain/audience';
import { fail } from '../domain/failure';
import type { KnownStore } from '../data/projection';

/** Refuses with FORBIDDEN unless the viewer is an admin or named in the audience. */
export function requireVisible(ctx: InventoryContext, audience: Audience, what: string): void {
  if (!visibleTo(ctx.viewer, audience)) throw forbidden(`You may not see or change this ${what}`);
}

/** The store of this region an id names, from the catalog projection; a NOT_FOUND payload error when unknown. */
export async function storeOfRegion(ctx: InventoryContext, storeId: string, field: string): Promise<KnownStore> {
  const store = await ctx.loaders.store.load(storeId);
  if (!store || store.region !== ctx.region) return fail('NOT_FOUND', field, `no store of the ${ctx.region.toUpperCase()} region has this id`);
  return store;
}

/** Stock of a store is the business of admins and the partner running it. */
export function requireStorePartner(ctx: InventoryContext, partnerOrganizationId: string | null): void {
  if (ctx.viewer?.role === 'ADMIN') return;
  if (ctx.viewer?.role !== 'PARTNER' || !visibleTo(ctx.viewer, audienceOf(partnerOrganizationId))) throw forbidden('Only admins and the partner running this store may do this');
}
