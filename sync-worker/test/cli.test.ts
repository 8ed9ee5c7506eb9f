/** `sync-worker backfill | verify | dlq` against real PostgreSQL (and Kafka for the dead letters). */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { waitFor } from '@miw/testing';
import { backfill } from '../src/backfill';
import { runCli } from '../src/cli';
import { REPLICATORS } from '../src/routes';
import { listDeadLetters } from '../src/store';
import { productEvent, startTwoRegions, type TwoRegions } from './harness';

async function insertProducts(pool: Pool, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const p = productEvent(`BF-${i}`).payload as Record<string, unknown>;
    await pool.query(
      `INSERT INTO catalog.product (id, sku, name, description, price_amount, currency, attributes, status, origin_region, created_at, updated_at)
       VALUES ($1, $2, $3, '', 500, 'EUR', '{}', 'ACTIVE', 'eu', now(), now())`,
      [p.id, p.sku, p.name],
    );
  }
}

const insertUser = (pool: Pool, region: string, name: string) =>
  pool
    .query<{ id: string }>(`INSERT INTO auth."user" (id, email, name, role, home_region, origin_region, updated_at) VALUES ($1, $2, $3, 'CUSTOMER', $4, $4, now()) RETURNING id`, [
      randomUUID(),
      `${name.toLowerCase().replace(/\W/g, '')}-${randomUUID().slice(0, 6)}@example.com`,
      name,
      region,
    ])
    .then((q) => q.rows[0]!.id);

describe('sync-worker CLI: backfill, verify, dlq', () => {
  let r: TwoRegions;
  const lines: string[] = [];
  const io = { out: (l: string) => void lines.push(l), err: (l: string) => void lines.push(`ERR ${l}`) };
  const cli = async (...argv: string[]) => {
    lines.length = 0;
    const code = await runCli(argv, { PG_URL_EU: r.eu.db.url, PG_URL_CN: r.cn.db.url, KAFKA_TOPIC_PREFIX: r.prefix, KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '' }, io);
    return { code, text: lines.join('\n') };
  };

  beforeAll(async () => (r = await startTwoRegions('cli', { subgraphs: false })));
  afterAll(() => r?.close());

  it('verify reports differences per entity and exits 1; backfill is resumable and makes the regions agree', async () => {
    await insertProducts(r.eu.pool, 7);
    const euUser = await insertUser(r.eu.pool, 'eu', 'Only In EU');
    const cnUser = await insertUser(r.cn.pool, 'cn', 'Only In CN');

    const before = await cli('verify', '--entity', 'Product,User');
    expect(before.code).toBe(1);
    expect(before.text).toMatch(/Product +eu=7 cn=0 DIFFERENT/);
    expect(before.text).toContain(`missing in cn (1): ${euUser}`);
    expect(before.text).toContain(`missing in eu (1): ${cnUser}`);

    // A first run dies after its first page; the cursor it committed lets the next run resume.
    let pages = 0;
    await expect(
      backfill({
        entity: 'Product', replicator: REPLICATORS.catalog!, from: 'eu', to: 'cn', source: r.eu.pool, target: r.cn.pool, pageSize: 3,
        onProgress: () => {
          if (++pages === 1) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const resumed = await cli('backfill', '--entity', 'Product', '--from', 'eu', '--to', 'cn', '--page', '3');
    expect(resumed.code).toBe(0);
    expect(resumed.text).toMatch(/Product +\[#+\] 7\/7 copied 4 skipped 0 \(resumed after 3\)/);

    expect((await cli('backfill', '--entity', 'User', '--from', 'eu', '--to', 'cn')).code).toBe(0);
    expect((await cli('backfill', '--entity', 'User', '--from', 'cn', '--to', 'eu')).code).toBe(0);
    // Running it again copies nothing new: same versions are skipped.
    expect((await cli('backfill', '--entity', 'User', '--from', 'eu', '--to', 'cn')).text).toMatch(/copied 0 skipped 2/);
    const after = await cli('verify', '--entity', 'Product,User');
    expect(after.code).toBe(0);
    expect(after.text).toContain('regions agree');
    expect((await r.user('cn', euUser))?.last_event_id).toBe((await r.user('eu', euUser))?.last_event_id);

    // A changed row is reported with its id.
    await r.cn.pool.query(`UPDATE auth."user" SET name = 'Drifted' WHERE id = $1`, [euUser]);
    const drift = await cli('verify', '--entity', 'User');
    expect(drift.code).toBe(1);
    expect(drift.text).toContain(`content differs (1): ${euUser}`);
  });

  it('refuses bad usage with status 2', async () => {
    expect((await cli('backfill', '--entity', 'Order', '--from', 'eu', '--to', 'cn')).code).toBe(2);
    expect((await cli('backfill', '--entity', 'Product', '--from', 'cn', '--to', 'eu')).code).toBe(1);
    expect((await cli('dlq', 'replay', '--id', 'nope')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
  });

  it('dlq list shows dead letters with their reason; dlq replay applies them once the cause is fixed', async () => {
    await r.startWorker('cn', 'eu', { permanentAttempts: 2 });
    // The same email taken by another user in EU: the CN user cannot apply (unique violation).
    const email = `clash-${randomUUID().slice(0, 8)}@example.com`;
    await r.eu.pool.query(`INSERT INTO auth."user" (id, email, name, role, home_region, origin_region, updated_at) VALUES ($1, $2, 'EU holder', 'CUSTOMER', 'eu', 'eu', now())`, [randomUUID(), email]);
    const cnId = (await r.cn.pool.query<{ id: string }>(`INSERT INTO auth."user" (id, email, name, role, home_region, origin_region, updated_at) VALUES ($1, $2, 'CN clash', 'CUSTOMER', 'cn', 'cn', now()) RETURNING id`, [randomUUID(), email])).rows[0]!.id;
    const event = r.userEvent('cn', (await r.user('cn', cnId))!, {});
    await r.publish('cn', 'auth', 'User', [event, 'garbage'], cnId);
    await waitFor(async () => (await listDeadLetters(r.eu.pool)).length >= 2, { what: 'two dead letters', timeoutMs: 20_000 });

    const list = await cli('dlq', 'list');
    expect(list.code).toBe(0);
    expect(list.text).toMatch(/eu: 2 dead letter\(s\) pending/);
    expect(list.text).toMatch(/APPLY_FAILED +attempts=2/);
    expect(list.text).toMatch(/duplicate key value/);
    expect(list.text).toMatch(/INVALID_ENVELOPE/);

    // Still failing: replay reports it and exits 1.
    const applyFailed = (await listDeadLetters(r.eu.pool)).find((d) => d.reason === 'APPLY_FAILED')!;
    expect((await cli('dlq', 'replay', '--id', applyFailed.id)).code).toBe(1);
    // The operator resolves the clash, then replays: the user arrives, the dead letter is marked.
    await r.eu.pool.query(`UPDATE auth."user" SET email = 'renamed-' || email WHERE email = $1`, [email]);
    const replay = await cli('dlq', 'replay', '--id', applyFailed.id);
    expect(replay.text).toContain(`${applyFailed.id}: applied`);
    expect(replay.code).toBe(0);
    expect((await r.user('eu', cnId))?.name).toBe('CN clash');
    expect((await cli('dlq', 'list')).text).toMatch(/eu: 1 dead letter\(s\) pending/);
    expect((await cli('dlq', 'list', '--all')).text).toMatch(/replayed/);
  });
});
