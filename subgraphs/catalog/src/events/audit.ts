/**
 * Audit entries of admins' catalog writes (`catalogAuditEvents` of @miw/contracts), written in the
 * transaction of the change. `before`/`after` name each entity's business fields explicitly (a new
 * column is not audited by accident); a removal's `after` is null.
 */
import { adminAuditMessages, catalogAuditEvents, type AuditSource, type OutboxMessage } from '@miw/contracts';
import type { Category, Manufacturer, Product, Store } from '../data/db';
import type { CatalogEntity } from './catalog-events';

type AuditFields = Record<string, unknown>;

export const productAuditFields = (p: Product): AuditFields => ({
  sku: p.sku,
  name: p.name,
  priceAmount: p.priceAmount,
  currency: p.currency,
  status: p.status,
  manufacturerId: p.manufacturerId,
  categoryId: p.categoryId,
});

export const manufacturerAuditFields = (m: Manufacturer): AuditFields => ({ name: m.name, organizationId: m.organizationId, country: m.country });

export const categoryAuditFields = (c: Category): AuditFields => ({ name: c.name, slug: c.slug, parentId: c.parentId });

/** A store's business identity; its street address stays out of the log. */
export const storeAuditFields = (s: Store): AuditFields => ({ code: s.code, name: s.name, region: s.region, partnerOrganizationId: s.partnerOrganizationId });

/** `product.update`, `store.delete`, ...: the entity in snake case, then the verb. */
const actionName = (entity: CatalogEntity, verb: string) => `${entity.toLowerCase()}.${verb}`;

/** The audit message of an admin's write (none for other viewers). */
export function catalogAudit(source: AuditSource, entity: CatalogEntity, verb: string, targetId: string, before: AuditFields | null, after: AuditFields | null): OutboxMessage[] {
  return adminAuditMessages(catalogAuditEvents, source, { action: actionName(entity, verb), targetType: entity, targetId, before, after });
}
