/**
 * Catalog writes against real PostgreSQL: create, update, archive and delete (tombstones) for every
 * entity, each with its outbox event in the same transaction; domain refusals; the category tree;
 * monotonic updated_at; the manufacturer-own-products rule. Every call goes through a gateway.
 */
import { randomUUID } from 'node:crypto';
import { ADMIN, mutate, startCatalog, storeInput, user, type CatalogHarness } from './helpers';

describe('catalog writes through the gateway (real PostgreSQL)', () => {
  let h: CatalogHarness;
  beforeAll(async () => {
    // Through a gateway: the access rules see the viewer exactly as in production (bearer token).
    h = await startCatalog('catalogcrud', { viaGateway: true });
  });
  afterAll(() => h?.close());

  const events = async (id: string) =>
    (await h.eu.pool.query<{ type: string; envelope: { payload: Record<string, unknown> } }>(`SELECT type, envelope FROM catalog.outbox WHERE key = $1 ORDER BY id`, [id])).rows;
  const outboxCount = async () => (await h.eu.pool.query<{ n: number }>('SELECT count(*)::int n FROM catalog.outbox')).rows[0]!.n;

  it('creates, updates, archives and deletes a product; every write emits its full snapshot; the tombstone stays', async () => {
    const m = await mutate(h, 'createManufacturer', { name: 'Acme', country: 'de' });
    const c = await mutate(h, 'createCategory', { name: 'Tools', slug: 'Tools' });
    expect(m.manufacturer).toMatchObject({ name: 'Acme', country: 'DE' });
    expect(c.category).toMatchObject({ slug: 'tools', parent: null });

    const created = await mutate(h, 'createProduct', {
      sku: 'hammer-1',
      name: 'Hammer',
      price: { amount: 1999, currency: 'eur' },
      images: ['https://cdn.example.com/hammer.jpg'],
      attributes: { weightGrams: 600 },
      manufacturerId: m.manufacturer.id,
      categoryId: c.category.id,
    });
    expect(created.errors).toEqual([]);
    const id = created.product.id as string;
    expect(created.product).toMatchObject({ sku: 'HAMMER-1', images: ['https://cdn.example.com/hammer.jpg'], manufacturer: { id: m.manufacturer.id }, category: { id: c.category.id } });

    const updated = await mutate(h, 'updateProduct', { id, name: 'Claw hammer', price: { amount: 2499, currency: 'EUR' }, categoryId: null });
    expect(updated.product).toMatchObject({ name: 'Claw hammer', sku: 'HAMMER-1', price: { amount: 2499, currency: 'EUR' }, category: null, images: ['https://cdn.example.com/hammer.jpg'] });
    expect(Date.parse(updated.product.updatedAt)).toBeGreaterThan(Date.parse(created.product.updatedAt));

    const archived = await mutate(h, 'archiveProduct', { id });
    expect(archived.product.status).toBe('ARCHIVED');

    const deleted = await mutate(h, 'deleteProduct', { id });
    expect(deleted.product).toMatchObject({ id, name: 'Claw hammer' });
    expect((await h.ok(`query($id: ID!) { product(id: $id) { id } }`, { id })).product).toBeNull();
    const { rows } = await h.eu.pool.query(`SELECT deleted_at, updated_at FROM catalog.product WHERE id = $1`, [id]);
    expect(rows[0].deleted_at).not.toBeNull();

    const productEvents = await events(id);
    expect(productEvents.map((e) => e.type)).toEqual(['catalog.product.created', 'catalog.product.updated', 'catalog.product.updated', 'catalog.product.deleted']);
    expect(productEvents[3]!.envelope.payload).toMatchObject({ id, sku: 'HAMMER-1', name: 'Claw hammer', status: 'ARCHIVED', images: ['https://cdn.example.com/hammer.jpg'], deletedAt: expect.any(String) });
    expect(productEvents[3]!.envelope.payload.deletedAt).toBe(productEvents[3]!.envelope.payload.updatedAt);

    // A deleted product is gone for writes too.
    expect((await h.gql(`mutation($input: UpdateProductInput!) { updateProduct(input: $input) { product { id } } }`, { input: { id, name: 'x' } })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('creates, updates and deletes manufacturers and stores, with events', async () => {
    const m = await mutate(h, 'createManufacturer', { name: 'Brick Co', organizationId: randomUUID() });
    const mu = await mutate(h, 'updateManufacturer', { id: m.manufacturer.id, name: 'Brick Company', country: 'nl', organizationId: null });
    expect(mu.manufacturer).toMatchObject({ name: 'Brick Company', country: 'NL', organization: null });
    expect((await mutate(h, 'deleteManufacturer', { id: m.manufacturer.id })).manufacturer).toMatchObject({ id: m.manufacturer.id });
    expect((await events(m.manufacturer.id)).map((e) => e.type)).toEqual(['catalog.manufacturer.created', 'catalog.manufacturer.updated', 'catalog.manufacturer.deleted']);

    const s = await mutate(h, 'createStore', storeInput('eu-ams-01', 52.37, 4.89));
    expect(s.store).toMatchObject({ code: 'EU-AMS-01', region: 'EU', location: { lat: 52.37, lng: 4.89 }, address: { city: 'City', country: 'DE' } });
    const su = await mutate(h, 'updateStore', { id: s.store.id, name: 'Amsterdam Centraal', location: { lat: 52.379, lng: 4.9 } });
    expect(su.store).toMatchObject({ name: 'Amsterdam Centraal', code: 'EU-AMS-01', location: { lat: 52.379, lng: 4.9 } });
    await mutate(h, 'deleteStore', { id: s.store.id });
    expect((await h.ok(`{ stores { code } }`)).stores).not.toContainEqual({ code: 'EU-AMS-01' });
    const storeEvents = await events(s.store.id);
    expect(storeEvents.map((e) => e.type)).toEqual(['catalog.store.created', 'catalog.store.updated', 'catalog.store.deleted']);
    expect(storeEvents[2]!.envelope.payload).toMatchObject({ code: 'EU-AMS-01', latitude: 52.379, longitude: 4.9, deletedAt: expect.any(String) });
  });

  it('answers invalid fields and taken unique keys with payload errors, writing nothing', async () => {
    const before = await outboxCount();
    const bad = await mutate(h, 'createProduct', { sku: 'IMG-1', name: 'x', price: { amount: 1, currency: 'EUR' }, images: ['javascript:alert(1)', 'https://ok.example/a.png', 'https://user:pw@x.example/b.png'] });
    expect(bad.errors.map((e) => e.field)).toEqual(['input.images.0', 'input.images.2']);
    const many = await mutate(h, 'createProduct', { sku: 'IMG-2', name: 'x', price: { amount: 1, currency: 'EUR' }, images: Array.from({ length: 21 }, (_, i) => `https://x.example/${i}.png`) });
    expect(many.errors).toEqual([expect.objectContaining({ code: 'INVALID', field: 'input.images' })]);
    const store = await mutate(h, 'createStore', { ...storeInput('EU-BAD-1', 91, -181), address: { line1: '', city: 'x', country: 'Germany' } });
    expect(store.errors.map((e) => e.field).sort()).toEqual(['input.address.country', 'input.address.line1', 'input.location.lat', 'input.location.lng']);
    const nullName = await mutate(h, 'updateManufacturer', { id: randomUUID(), name: null });
    expect(nullName.errors).toEqual([expect.objectContaining({ field: 'input.name' })]);
    const badSlug = await mutate(h, 'createCategory', { name: 'x', slug: 'not a slug' });
    expect(badSlug.errors).toEqual([expect.objectContaining({ code: 'INVALID', field: 'input.slug' })]);
    const missingParent = await mutate(h, 'createCategory', { name: 'x', slug: 'orphan', parentId: randomUUID() });
    expect(missingParent.errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: 'input.parentId' })]);
    expect(await outboxCount()).toBe(before);

    await mutate(h, 'createCategory', { name: 'Dup', slug: 'dup' });
    expect((await mutate(h, 'createCategory', { name: 'Dup 2', slug: 'dup' })).errors).toEqual([expect.objectContaining({ code: 'SLUG_TAKEN', field: 'input.slug' })]);
    await mutate(h, 'createStore', storeInput('EU-DUP-1', 1, 1));
    expect((await mutate(h, 'createStore', storeInput('eu-dup-1', 2, 2))).errors).toEqual([expect.objectContaining({ code: 'CODE_TAKEN', field: 'input.code' })]);
    const p = await mutate(h, 'createProduct', { sku: 'SKU-A', name: 'a', price: { amount: 1, currency: 'EUR' } });
    await mutate(h, 'createProduct', { sku: 'SKU-B', name: 'b', price: { amount: 1, currency: 'EUR' } });
    expect((await mutate(h, 'updateProduct', { id: p.product.id, sku: 'sku-b' })).errors).toEqual([expect.objectContaining({ code: 'SKU_TAKEN', field: 'input.sku' })]);
    expect((await h.gql(`mutation { deleteStore(input: { id: "nope" }) { store { id } } }`)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // Oversized attributes (over 16 KiB) and hostile text are refused before any write. The gateway
    // passes custom scalars through; the subgraph's coercion error reaches the caller as BAD_USER_INPUT.
    const huge = await h.gql(`mutation($input: UpdateProductInput!) { updateProduct(input: $input) { product { id } } }`, { input: { id: p.product.id, attributes: { blob: 'x'.repeat(17 * 1024) } } });
    expect(huge.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(huge.errors?.[0]?.message).toMatch(/attributes|JSONObject|KiB|bytes/i);
    // A control character is refused by the gateway's edge before the subgraph sees it; an
    // over-long text by the subgraph's own check, as a payload error naming the field.
    const control = await h.gql(`mutation($input: UpdateProductInput!) { updateProduct(input: $input) { product { id } } }`, { input: { id: p.product.id, name: 'bad\u0007name' } });
    expect(control.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CONTROL_CHARACTER' });
    const long = await mutate(h, 'updateProduct', { id: p.product.id, description: 'y'.repeat(10_001) });
    expect(long.errors.map((e) => e.field)).toEqual(['input.description']);
    expect((await h.gql(`mutation($id: ID!) { deleteStore(input: { id: $id }) { store { id } } }`, { id: randomUUID() })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('keeps the category tree a tree: parent, children, path; no cycles; in-use categories are not deleted', async () => {
    const root = (await mutate(h, 'createCategory', { name: 'Home', slug: 'home' })).category;
    const mid = (await mutate(h, 'createCategory', { name: 'Kitchen', slug: 'kitchen', parentId: root.id })).category;
    const leaf = (await mutate(h, 'createCategory', { name: 'Knives', slug: 'knives', parentId: mid.id })).category;

    const read = await h.ok(`query { category(slug: "knives") { id path { slug } parent { slug } } home: category(slug: "home") { children { slug children { slug } } path { slug } } }`);
    expect(read.category).toMatchObject({ id: leaf.id, path: [{ slug: 'home' }, { slug: 'kitchen' }], parent: { slug: 'kitchen' } });
    expect(read.home).toEqual({ children: [{ slug: 'kitchen', children: [{ slug: 'knives' }] }], path: [] });
    expect((await h.ok(`query($id: ID!) { category(id: $id) { slug } }`, { id: mid.id })).category).toEqual({ slug: 'kitchen' });
    expect((await h.gql(`{ category { slug } }`)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    for (const parentId of [root.id, leaf.id, mid.id]) {
      const res = await mutate(h, 'updateCategory', { id: root.id, parentId });
      expect(res.errors).toEqual([expect.objectContaining({ code: 'CATEGORY_CYCLE', field: 'input.parentId' })]);
    }
    // Moving a leaf elsewhere is fine.
    const moved = await mutate(h, 'updateCategory', { id: leaf.id, parentId: root.id, name: 'Knives & blades' });
    expect(moved.category).toMatchObject({ name: 'Knives & blades', parent: { id: root.id } });

    const withChildren = await mutate(h, 'deleteCategory', { id: root.id });
    expect(withChildren.errors).toEqual([expect.objectContaining({ code: 'IN_USE' })]);
    await mutate(h, 'createProduct', { sku: 'KNIFE-1', name: 'Chef knife', price: { amount: 5000, currency: 'EUR' }, categoryId: leaf.id });
    expect((await mutate(h, 'deleteCategory', { id: leaf.id })).errors).toEqual([expect.objectContaining({ code: 'IN_USE' })]);
    expect((await mutate(h, 'deleteCategory', { id: mid.id })).category).toMatchObject({ id: mid.id });
    expect((await h.ok(`{ category(slug: "home") { children { slug } } }`)).category.children).toEqual([{ slug: 'knives' }]);
    expect((await events(mid.id)).map((e) => e.type)).toEqual(['catalog.category.created', 'catalog.category.deleted']);
  });

  it('stamps updated_at monotonically: a row stamped in the future by a skewed clock still moves forward', async () => {
    const m = (await mutate(h, 'createManufacturer', { name: 'Skewed' })).manufacturer;
    const future = new Date(Date.now() + 3_600_000);
    await h.eu.pool.query(`UPDATE catalog.manufacturer SET updated_at = $2 WHERE id = $1`, [m.id, future]);
    const first = await mutate(h, 'updateManufacturer', { id: m.id, name: 'Skewed 2' });
    expect(Date.parse(first.manufacturer.updatedAt)).toBe(future.getTime() + 1);
    const second = await mutate(h, 'updateManufacturer', { id: m.id, name: 'Skewed 3' });
    expect(Date.parse(second.manufacturer.updatedAt)).toBe(future.getTime() + 2);
    const [, e1, e2] = await events(m.id);
    expect([e1!.envelope.payload.updatedAt, e2!.envelope.payload.updatedAt]).toEqual([new Date(future.getTime() + 1).toISOString(), new Date(future.getTime() + 2).toISOString()]);
  });

  it('lets manufacturers create, update and archive their own products only; deleting stays with admins', async () => {
    const org = randomUUID();
    const maker = user('MANUFACTURER', org);
    const mine = (await mutate(h, 'createManufacturer', { name: 'Mine', organizationId: org })).manufacturer;
    const theirs = (await mutate(h, 'createManufacturer', { name: 'Theirs', organizationId: randomUUID() })).manufacturer;
    const own = (await mutate(h, 'createProduct', { sku: 'OWN-1', name: 'own', price: { amount: 1, currency: 'EUR' }, manufacturerId: mine.id }, maker)).product;
    const other = (await mutate(h, 'createProduct', { sku: 'OTHER-1', name: 'other', price: { amount: 1, currency: 'EUR' }, manufacturerId: theirs.id }, ADMIN)).product;
    const orphan = (await mutate(h, 'createProduct', { sku: 'ORPHAN-1', name: 'orphan', price: { amount: 1, currency: 'EUR' } }, ADMIN)).product;

    expect((await mutate(h, 'updateProduct', { id: own.id, name: 'own v2' }, maker)).product).toMatchObject({ name: 'own v2' });
    expect((await mutate(h, 'archiveProduct', { id: own.id }, maker)).product).toMatchObject({ status: 'ARCHIVED' });
    const code = async (query: string, input: Record<string, unknown>, viewer = maker) => (await h.gql(query, { input }, viewer)).errors?.[0]?.extensions?.code;
    const UPDATE = `mutation($input: UpdateProductInput!) { updateProduct(input: $input) { product { id } } }`;
    const ARCHIVE = `mutation($input: ArchiveProductInput!) { archiveProduct(input: $input) { product { id } } }`;
    const DELETE = `mutation($input: DeleteProductInput!) { deleteProduct(input: $input) { product { id } } }`;
    expect(await code(UPDATE, { id: other.id, name: 'hijack' })).toBe('FORBIDDEN');
    expect(await code(UPDATE, { id: orphan.id, name: 'hijack' })).toBe('FORBIDDEN');
    expect(await code(ARCHIVE, { id: other.id })).toBe('FORBIDDEN');
    // Handing the own product to another manufacturer, or to none, is refused too.
    expect(await code(UPDATE, { id: own.id, manufacturerId: theirs.id })).toBe('FORBIDDEN');
    expect(await code(UPDATE, { id: own.id, manufacturerId: null })).toBe('FORBIDDEN');
    expect(await code(DELETE, { id: own.id })).toBe('FORBIDDEN');
    expect(await code(UPDATE, { id: own.id, name: 'x' }, user('PARTNER', org))).toBe('FORBIDDEN');
    expect(await code(UPDATE, { id: own.id, name: 'x' }, null as never)).toBe('UNAUTHENTICATED');
    expect((await h.ok(`query($id: ID!) { product(id: $id) { name } }`, { id: other.id })).product.name).toBe('other');
    expect((await mutate(h, 'deleteProduct', { id: own.id })).product).toMatchObject({ id: own.id });
  });
});
