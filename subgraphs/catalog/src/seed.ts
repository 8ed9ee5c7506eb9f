/**
 * Development seed of the catalog (EU only: CN receives it through the sync worker). Rows that
 * already exist are left alone, so seeding twice writes nothing and emits no events.
 */
import type { Pool } from 'pg';
import { writeOutbox } from '@miw/events';
import { createCatalogDb, type Prisma } from './data/db';
import { upsertCategory, upsertManufacturer, upsertStore, insertProduct } from './data/catalog';
import { categoryEvent, manufacturerEvent, productEvent, storeEvent } from './events/catalog-events';

export interface CatalogSeed {
  manufacturers: Prisma.ManufacturerUncheckedCreateInput[];
  categories: Prisma.CategoryUncheckedCreateInput[];
  stores: Prisma.StoreUncheckedCreateInput[];
  products: Prisma.ProductUncheckedCreateInput[];
}

export async function seedCatalog(pool: Pool, seed: CatalogSeed, correlationId = 'seed'): Promise<number> {
  const db = createCatalogDb(pool);
  let created = 0;
  try {
    await db.$transaction(async (tx) => {
      const exists = {
        Manufacturer: new Set((await tx.manufacturer.findMany({ select: { id: true } })).map((r) => r.id)),
        Category: new Set((await tx.category.findMany({ select: { id: true } })).map((r) => r.id)),
        Store: new Set((await tx.store.findMany({ select: { id: true } })).map((r) => r.id)),
        Product: new Set((await tx.product.findMany({ select: { id: true } })).map((r) => r.id)),
      };
      const events = [];
      for (const m of seed.manufacturers) if (!exists.Manufacturer.has(m.id!)) events.push(manufacturerEvent('created', await upsertManufacturer(tx, m), correlationId));
      for (const c of seed.categories) if (!exists.Category.has(c.id!)) events.push(categoryEvent('created', await upsertCategory(tx, c), correlationId));
      for (const s of seed.stores) if (!exists.Store.has(s.id!)) events.push(storeEvent('created', await upsertStore(tx, s), correlationId));
      for (const p of seed.products) if (!exists.Product.has(p.id!)) events.push(productEvent('created', await insertProduct(tx, p), correlationId));
      await writeOutbox(tx, 'catalog', events);
      created = events.length;
    });
  } finally {
    await db.$disconnect();
  }
  return created;
}
