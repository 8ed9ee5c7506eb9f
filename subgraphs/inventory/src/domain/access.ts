/**
 * Who may see stock (row level). Stock is region-locked business data:
 * - admins see every level of their region;
 * - a partner sees the levels of the stores its organization runs;
 * - a manufacturer sees the levels of its own products;
 * - everyone else is refused (shoppers get availability with the supply-chain issue).
 * The owner of a store or product comes from the catalog through federation (@requires).
 */
import type { Viewer } from '@miw/auth';

export function mayReadStoreStock(viewer: Viewer, storePartnerOrganizationId: string | null | undefined): boolean {
  if (viewer?.role === 'ADMIN') return true;
  return viewer?.role === 'PARTNER' && Boolean(viewer.organizationId) && viewer.organizationId === storePartnerOrganizationId;
}

export function mayReadProductStock(viewer: Viewer, manufacturerOrganizationId: string | null | undefined): boolean {
  if (viewer?.role === 'ADMIN') return true;
  return viewer?.role === 'MANUFACTURER' && Boolean(viewer.organizationId) && viewer.organizationId === manufacturerOrganizationId;
}
