import { spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { DOMAINS, ensureDatabase, migrateAll, withDatabase } from '@miw/db';
import { PRISMA_ROOT, readTestInfra } from '@miw/testing';

describe('migrations', () => {
  const { pgUrl, runId } = readTestInfra();
  const name = `miw_t_${runId}_${process.pid}_empty`;
  const url = withDatabase(pgUrl, name);

  afterAll(async () => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  });

  async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query<T>(sql, params)).rows;
    } finally {
      await c.end();
    }
  }

  it('apply on an empty database, then again as a no-op', async () => {
    expect(await ensureDatabase(pgUrl, name)).toBe(true);
    expect(await ensureDatabase(pgUrl, name)).toBe(false);

    const first = await migrateAll(url, PRISMA_ROOT);
    expect(first.map((r) => r.domain)).toEqual([...DOMAINS]);
    expect(first.every((r) => r.applied.length > 0)).toBe(true);

    const tables = await query<{ table_schema: string; table_name: string }>(
      `SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema = ANY($1) ORDER BY 1, 2`,
      [[...DOMAINS]],
    );
    const names = tables.map((t) => `${t.table_schema}.${t.table_name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'auth.user', 'auth.organization', 'auth.outbox', 'auth.inbox',
        'catalog.product', 'catalog.category', 'catalog.manufacturer', 'catalog.store', 'catalog.outbox', 'catalog.inbox',
        'inventory.inventory_level', 'inventory.outbox',
        'orders.cart', 'orders.cart_item', 'orders.order', 'orders.order_item', 'orders.outbox',
        'notify.notification', 'notify.outbox',
      ]),
    );

    const again = await migrateAll(url, PRISMA_ROOT);
    expect(again.every((r) => r.applied.length === 0 && r.skipped > 0)).toBe(true);
  });

  it('keeps stock invariants in the database itself', async () => {
    const insert = (onHand: number, reserved: number) =>
      query(
        `INSERT INTO inventory.inventory_level (id, store_id, product_id, on_hand, reserved, updated_at)
         VALUES (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), $1, $2, now())`,
        [onHand, reserved],
      );
    await expect(insert(5, 2)).resolves.toBeDefined();
    await expect(insert(-1, 0)).rejects.toThrow(/inventory_level_on_hand_check/);
    await expect(insert(1, 2)).rejects.toThrow(/inventory_level_reserved_le_on_hand_check/);
    await expect(insert(1, -1)).rejects.toThrow(/inventory_level_reserved_check/);
  });

  it('refuses to run when an applied migration was edited', async () => {
    await query(`UPDATE catalog._migrations SET checksum = 'tampered' WHERE name = (SELECT min(name) FROM catalog._migrations)`);
    await expect(migrateAll(url, PRISMA_ROOT, ['catalog'])).rejects.toThrow(/was modified/);
  });

  it('matches the Prisma schema (no drift between schema.prisma and migrations)', () => {
    for (const domain of DOMAINS) {
      const res = spawnSync(path.join(PRISMA_ROOT, '..', 'node_modules', '.bin', 'tsx'), [path.join(PRISMA_ROOT, '..', 'scripts', 'prisma.ts'), 'diff', domain], {
        env: { ...process.env, DATABASE_URL: pgUrl },
        encoding: 'utf8',
      });
      expect({ domain, status: res.status, out: res.status === 0 ? '' : res.stdout + res.stderr }).toEqual({ domain, status: 0, out: '' });
    }
  }, 120_000);
});
