/**
 * Admins' catalog writes are audited: each writes one `catalog.audit.recorded` message in the
 * outbox of its transaction, with the target's business fields before and after; a manufacturer's
 * writes to its own products write none, and neither does a refused write.
 */
import { randomUUID } from 'node:crypto';
import type { AuditPayload } from '@miw/contracts';
import { ADMIN, mutate, startCatalog, storeInput, user, type CatalogHarness } from './helpers';

describe('catalog audit entries (real PostgreSQL)', () => {
  let h: CatalogHarness;
  beforeAll(async () => {
    h = await startCatalog('catalogaudit');
  });
  afterAll(() => h?.close());

  const audits = async (targetId: string) =>
    (
      await h.eu.pool.query<{ topic: string; key: string; envelope: { entityId: string; correlationId: string; payload: AuditPayload } }>(
        `SELECT topic, key, envelope FROM catalog.outbox WHERE type = 'catalog.audit.recorded' AND envelope->'payload'->>'targetId' = $1 ORDER BY id`,
        [targetId],
      )
    ).rows;

  it('records every admin write of a product with before and after, region-local, keyed by the entry', async () => {
    const maker = (await mutate(h, 'createManufacturer', { name: 'Acme', country: 'de' })).manufacturer;
    const created = await mutate(h, 'createProduct', { sku: 'AUD-1', name: 'Hammer', price: { amount: 1999, currency: 'EUR' }, manufacturerId: maker.id });
    const id = created.product.id as string;
    await mutate(h, 'updateProduct', { id, name: 'Claw hammer', price: { amount: 2499, currency: 'EUR' } });
    await mutate(h, 'archiveProduct', { id });
    await mutate(h, 'deleteProduct', { id });

    const rows = await audits(id);
    expect(rows.map((r) => r.envelope.payload.action)).toEqual(['product.create', 'product.update', 'product.archive', 'product.delete']);
    for (const row of rows) {
      expect(row.topic).toBe('eu.catalog.audit.v1');
      expect(row.key).toBe(row.envelope.entityId);
      expect(row.envelope.payload).toMatchObject({ actorId: ADMIN.userId, apiKeyId: null, actorRole: 'ADMIN', targetType: 'Product', targetId: id });
    }
    const [create, update, archive, remove] = rows.map((r) => r.envelope.payload);
    expect(create!.before).toBeNull();
    expect(create!.after).toEqual({ sku: 'AUD-1', name: 'Hammer', priceAmount: 1999, currency: 'EUR', status: 'DRAFT', manufacturerId: maker.id, categoryId: null });
    expect(update!.before).toMatchObject({ name: 'Hammer', priceAmount: 1999 });
    expect(update!.after).toMatchObject({ name: 'Claw hammer', priceAmount: 2499 });
    expect(archive!.before).toMatchObject({ status: 'DRAFT' });
    expect(archive!.after).toMatchObject({ status: 'ARCHIVED' });
    expect(remove!.before).toMatchObject({ name: 'Claw hammer', status: 'ARCHIVED' });
    expect(remove!.after).toBeNull();
    // The product's own events stay exactly its domain events.
    const own = await h.eu.pool.query<{ type: string }>(`SELECT type FROM catalog.outbox WHERE key = $1 ORDER BY id`, [id]);
    expect(own.rows.map((r) => r.type)).toEqual(['catalog.product.created', 'catalog.product.updated', 'catalog.product.updated', 'catalog.product.deleted']);
  });

  it('records manufacturers, categories and stores, and keeps a store\'s address out of the log', async () => {
    const m = (await mutate(h, 'createManufacturer', { name: 'Tea Co', country: 'cn' })).manufacturer;
    await mutate(h, 'updateManufacturer', { id: m.id, name: 'Tea Company' });
    await mutate(h, 'deleteManufacturer', { id: m.id });
    expect((await audits(m.id)).map((r) => [r.envelope.payload.action, r.envelope.payload.before?.name ?? null, r.envelope.payload.after?.name ?? null])).toEqual([
      ['manufacturer.create', null, 'Tea Co'],
      ['manufacturer.update', 'Tea Co', 'Tea Company'],
      ['manufacturer.delete', 'Tea Company', null],
    ]);

    const c = (await mutate(h, 'createCategory', { name: 'Tools', slug: 'aud-tools' })).category;
    await mutate(h, 'updateCategory', { id: c.id, name: 'Hand tools' });
    await mutate(h, 'deleteCategory', { id: c.id });
    expect((await audits(c.id)).map((r) => r.envelope.payload.action)).toEqual(['category.create', 'category.update', 'category.delete']);

    const s = (await mutate(h, 'createStore', storeInput('AUD-S1', 52.5, 13.4))).store;
    await mutate(h, 'updateStore', { id: s.id, name: 'Renamed' });
    await mutate(h, 'deleteStore', { id: s.id });
    const stores = await audits(s.id);
    expect(stores.map((r) => r.envelope.payload.action)).toEqual(['store.create', 'store.update', 'store.delete']);
    expect(stores[1]!.envelope.payload).toMatchObject({ targetType: 'Store', before: { code: 'AUD-S1', name: 'Store AUD-S1', region: 'eu' }, after: { name: 'Renamed' } });
    for (const row of stores) expect(JSON.stringify(row.envelope.payload)).not.toContain('Main Street');
  });

  it('records no entry for a manufacturer\'s own writes, nor for a refused write', async () => {
    const org = randomUUID();
    const maker = user('MANUFACTURER', org);
    const mine = (await mutate(h, 'createManufacturer', { name: 'Mine', organizationId: org })).manufacturer;
    const own = (await mutate(h, 'createProduct', { sku: 'AUD-OWN', name: 'own', price: { amount: 1, currency: 'EUR' }, manufacturerId: mine.id }, maker)).product;
    expect((await mutate(h, 'updateProduct', { id: own.id, name: 'own v2' }, maker)).product).toMatchObject({ name: 'own v2' });
    expect(await audits(own.id)).toEqual([]);

    // A clash refused as a payload error rolls back with its audit entry.
    const total = async () => (await h.eu.pool.query<{ n: number }>(`SELECT count(*)::int n FROM catalog.outbox WHERE type = 'catalog.audit.recorded'`)).rows[0]!.n;
    const before = await total();
    expect((await mutate(h, 'createProduct', { sku: 'AUD-OWN', name: 'dup', price: { amount: 1, currency: 'EUR' } })).errors[0]?.code).toBe('SKU_TAKEN');
    expect(await total()).toBe(before);
  });
});
