/** The snapshots of the new catalog columns (images, coordinates, tombstones) apply in a mirror database. */
import { createPool } from '@miw/db';
import type { EventEnvelope } from '@miw/contracts';
import { applyCatalogEvent } from '@miw/subgraph-catalog';
import { createTestDatabase, type TestDatabase } from '@miw/testing';
import { mutate, startCatalog, storeInput, type CatalogHarness } from './helpers';

describe('catalog snapshots apply in a mirror', () => {
  let h: CatalogHarness;
  let mirror: TestDatabase;
  let pool: ReturnType<typeof createPool>;
  beforeAll(async () => {
    h = await startCatalog('catalogsnap');
    mirror = await createTestDatabase('catalogsnapcn');
    pool = createPool({ url: mirror.url, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await mirror?.drop();
    await h?.close();
  });

  const applyAll = async (id: string) => {
    const { rows } = await h.eu.pool.query<{ envelope: EventEnvelope }>(`SELECT envelope FROM catalog.outbox WHERE key = $1 ORDER BY id`, [id]);
    for (const { envelope } of rows) expect(await applyCatalogEvent(pool, envelope, 'test')).toBe('applied');
  };

  it('mirrors product images, store coordinates, and delete tombstones', async () => {
    const product = (await mutate(h, 'createProduct', { sku: 'MIR-1', name: 'Mirror', price: { amount: 5, currency: 'EUR' }, images: ['https://img.example/a.jpg', 'https://img.example/b.jpg'] })).product;
    const store = (await mutate(h, 'createStore', storeInput('EU-MIR-1', 48.85, 2.35))).store;
    await mutate(h, 'deleteStore', { id: store.id });
    await applyAll(product.id);
    await applyAll(store.id);
    const p = (await pool.query(`SELECT images FROM catalog.product WHERE id = $1`, [product.id])).rows[0];
    expect(p.images).toEqual(['https://img.example/a.jpg', 'https://img.example/b.jpg']);
    const s = (await pool.query(`SELECT latitude, longitude, deleted_at FROM catalog.store WHERE id = $1`, [store.id])).rows[0];
    expect(s).toMatchObject({ latitude: 48.85, longitude: 2.35, deleted_at: expect.any(Date) });
  });
});
