/** Entity references from other subgraphs cost a constant number of SQL statements (1, 10, 100 references). */
import { randomUUID } from 'node:crypto';
import { expectConstantStatements, sqlCounter } from '@miw/testing';
import { mutate, startCatalog, storeInput, type CatalogHarness } from './helpers';

describe('batched entity references: Store, Manufacturer, Category', () => {
  let h: CatalogHarness;
  const sql = sqlCounter();
  const ids = { Store: [] as string[], Manufacturer: [] as string[], Category: [] as string[] };

  beforeAll(async () => {
    h = await startCatalog('catalogrefs', { onQuery: sql.onQuery });
    // Bulk rows straight in SQL: the writes themselves are covered elsewhere.
    const root = randomUUID();
    await h.eu.pool.query(`INSERT INTO catalog.category (id, name, slug, origin_region, updated_at) VALUES ($1, 'Root', 'root', 'eu', now())`, [root]);
    for (let i = 0; i < 100; i++) {
      const [m, c] = [randomUUID(), randomUUID()];
      await h.eu.pool.query(`INSERT INTO catalog.manufacturer (id, name, organization_id, origin_region, updated_at) VALUES ($1, $2, $3, 'eu', now())`, [m, `M${i}`, randomUUID()]);
      await h.eu.pool.query(`INSERT INTO catalog.category (id, name, slug, parent_id, origin_region, updated_at) VALUES ($1, $2, $3, $4, 'eu', now())`, [c, `C${i}`, `c-${i}`, root]);
      ids.Manufacturer.push(m);
      ids.Category.push(c);
    }
    for (let i = 0; i < 100; i++) {
      const res = await mutate(h, 'createStore', storeInput(`EU-REF-${i}`, 50 + i / 100, 8 + i / 100));
      ids.Store.push(res.store.id);
    }
  });
  afterAll(() => h?.close());

  const SELECTIONS = {
    Store: '... on Store { code location { lat lng } partnerOrganization { id } }',
    Manufacturer: '... on Manufacturer { name organization { id } }',
    Category: '... on Category { slug parent { slug } path { slug } children { slug } }',
  };

  it.each(Object.keys(SELECTIONS) as (keyof typeof SELECTIONS)[])('resolves %s references in batches', async (typename) => {
    await expectConstantStatements(sql, async (n) => {
      const res = await h.gql<{ _entities: (Record<string, unknown> | null)[] }>(`query($r: [_Any!]!) { _entities(representations: $r) { ${SELECTIONS[typename]} } }`, {
        r: ids[typename].slice(0, n).map((id) => ({ __typename: typename, id })),
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities).toHaveLength(n);
      expect(res.data!._entities.every((e) => e !== null)).toBe(true);
      if (typename === 'Category') expect(res.data!._entities[0]).toMatchObject({ parent: { slug: 'root' }, path: [{ slug: 'root' }], children: [] });
    });
  });
});
