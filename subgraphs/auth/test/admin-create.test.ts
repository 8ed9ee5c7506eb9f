import { runAdminCreate } from '@miw/subgraph-auth/admin';
import { createPool } from '@miw/db';
import { createTestDatabase, type TestDatabase } from '@miw/testing';
import type { Pool } from 'pg';

describe('admin:create (the first admin, any NODE_ENV)', () => {
  let db: TestDatabase;
  let pool: Pool;
  const run = (...args: string[]) => runAdminCreate(args, { NODE_ENV: 'production', DATABASE_URL: db.url });

  beforeAll(async () => {
    db = await createTestDatabase('admincreate');
    pool = createPool({ url: db.url, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('creates the first admin once, with its snapshot and an audit row in one go', async () => {
    const first = await run('--email', 'Ops@Example.com', '--region', 'eu', '--name', 'Ops', '--locale', 'zh-CN');
    expect(first).toMatchObject({ code: 0, message: expect.stringContaining('created admin ops@example.com') });
    const { rows } = await pool.query(`SELECT id, role, name, locale, home_region FROM auth."user" WHERE email = 'ops@example.com'`);
    expect(rows).toEqual([{ id: expect.any(String), role: 'ADMIN', name: 'Ops', locale: 'zh-CN', home_region: 'eu' }]);
    const outbox = await pool.query(`SELECT type, topic FROM auth.outbox WHERE key = $1`, [rows[0].id]);
    expect(outbox.rows).toEqual([{ type: 'auth.user.created', topic: 'eu.auth.user.v1' }]);
    const audit = await pool.query(`SELECT action, actor_kind, actor_id FROM auth.audit_log WHERE target_id = $1`, [rows[0].id]);
    expect(audit.rows).toEqual([{ action: 'admin.create', actor_kind: 'cli', actor_id: null }]);

    expect(await run('--email', 'ops@example.com', '--region', 'eu')).toMatchObject({ code: 0, message: expect.stringContaining('already an admin') });
    expect((await pool.query(`SELECT count(*)::int AS n FROM auth.audit_log`)).rows[0].n).toBe(1);
  });

  it('refuses a second admin unless forced, and promotes an existing user', async () => {
    expect(await run('--email', 'second@example.com', '--region', 'eu')).toMatchObject({ code: 2, message: expect.stringContaining('ops@example.com') });
    await pool.query(`INSERT INTO auth."user" (id, email, name, role, home_region, origin_region, updated_at) VALUES (gen_random_uuid(), 'second@example.com', 'Second', 'CUSTOMER', 'cn', 'cn', now())`);
    expect(await run('--email', 'second@example.com', '--region', 'eu', '--force')).toMatchObject({ code: 0, message: expect.stringContaining('promoted') });
    const { rows } = await pool.query(`SELECT u.role, a.action FROM auth."user" u JOIN auth.audit_log a ON a.target_id = u.id::text WHERE u.email = 'second@example.com'`);
    expect(rows).toEqual([{ role: 'ADMIN', action: 'admin.promote' }]);
  });

  it('answers usage errors with exit code 64', async () => {
    expect((await run('--email', 'x@example.com')).code).toBe(64);
    expect((await run('--email', 'x@example.com', '--region', 'us')).code).toBe(64);
    expect((await run('--email', 'not-an-email', '--region', 'eu')).code).toBe(64);
    expect((await run('--bogus')).code).toBe(64);
    expect((await runAdminCreate(['--email', 'x@example.com', '--region', 'eu'], {})).code).toBe(64);
  });
});
