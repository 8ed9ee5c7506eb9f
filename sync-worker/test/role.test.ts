/**
 * The sync worker applies as its own role (miw_sync, SYNC_DB_ROLE): not a superuser, owner of
 * nothing, able to use the tables it mirrors and its own `sync` tables once the owner created them.
 */
import type { Pool } from 'pg';
import { createPool } from '@miw/db';
import { createTestDatabase, type TestDatabase } from '@miw/testing';
import { ensureSyncSchema } from '../src/store';

describe('the sync worker role', () => {
  let db: TestDatabase;
  let owner: Pool;
  let worker: Pool;
  beforeAll(async () => {
    db = await createTestDatabase('syncrole');
    owner = createPool({ url: db.url, max: 1 });
    worker = createPool({ url: db.url, max: 1, role: 'miw_sync' });
  });
  afterAll(async () => {
    await worker?.end();
    await owner?.end();
    await db?.drop();
  });

  it('is not a superuser and owns no table', async () => {
    const { rows } = await worker.query<{ user: string; super: boolean; owned: number }>(
      `SELECT current_user AS user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS super,
              (SELECT count(*)::int FROM pg_tables WHERE tableowner = current_user) AS owned`,
    );
    expect(rows[0]).toEqual({ user: 'miw_sync', super: false, owned: 0 });
  });

  it('cannot create the worker tables, finds them once the owner did, and may write them and the mirrored tables', async () => {
    await expect(worker.query('CREATE TABLE sync_intruder (id int)')).rejects.toMatchObject({ code: '42501' });
    await ensureSyncSchema(owner, { force: true });
    await ensureSyncSchema(worker);
    await expect(worker.query(`SELECT count(*) FROM sync.status`)).resolves.toBeDefined();
    const privileges = await worker.query<{ product: boolean; users: boolean; orders: boolean }>(
      `SELECT has_table_privilege('catalog.product', 'INSERT, UPDATE') AS product, has_table_privilege('auth.user', 'INSERT, UPDATE') AS users,
              has_schema_privilege('orders', 'USAGE') AS orders`,
    );
    // The mirrored domains only: transactional data (orders) is out of its reach.
    expect(privileges.rows[0]).toEqual({ product: true, users: true, orders: false });
  });
});
