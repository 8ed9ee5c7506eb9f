/**
 * Users both ways, last writer wins on a total version order, tombstones, duplicates and
 * reordering, clock skew and future timestamps, poison messages (fault tests 5, 6 and 7).
 */
import { randomUUID } from 'node:crypto';
import { createSyncWorker, type SyncWorker } from '@miw/sync-worker';
import { waitFor } from '@miw/testing';
import { listDeadLetters } from '../src/store';
import { startTwoRegions, type TwoRegions } from './harness';

describe('sync: users both ways, version order, tombstones (real Kafka and PostgreSQL)', () => {
  let r: TwoRegions;
  let toCn: SyncWorker;
  let toEu: SyncWorker;

  beforeAll(async () => {
    r = await startTwoRegions('conv');
    [toCn, toEu] = await Promise.all([r.startWorker('eu', 'cn'), r.startWorker('cn', 'eu')]);
  });
  afterAll(() => r?.close());

  it('replicates users created in either region to the other, without echo', async () => {
    const fromEu = await r.createUser('eu', `eu-${randomUUID()}@example.com`, 'Made in EU');
    const fromCn = await r.createUser('cn', `cn-${randomUUID()}@example.com`, 'Made in CN');
    expect((await r.converged(fromEu)).name).toBe('Made in EU');
    expect((await r.converged(fromCn)).name).toBe('Made in CN');
    // No echo: each outbox holds only the events of its own region's writes.
    for (const region of [r.eu, r.cn]) {
      const { rows } = await region.pool.query(`SELECT DISTINCT envelope->>'originRegion' AS origin FROM auth.outbox WHERE type LIKE 'auth.user.%'`);
      expect(rows).toEqual([{ origin: region.code }]);
    }
  });

  it('test 6: the same user edited concurrently in EU and CN ends with the same winner in both', async () => {
    const id = await r.createUser('eu', `both-${randomUUID()}@example.com`, 'Original');
    await r.converged(id);
    for (let round = 0; round < 3; round++) {
      const [a, b] = await Promise.all([r.updateUser('eu', id, `EU ${round}`), r.updateUser('cn', id, `CN ${round}`)]);
      const winner = await r.converged(id, `round ${round} to converge`);
      // The winner is the larger version (updated_at, last_event_id) of the two writes.
      const larger = a.updated_at.getTime() !== b.updated_at.getTime() ? (a.updated_at > b.updated_at ? a : b) : a.last_event_id! > b.last_event_id! ? a : b;
      expect(winner.name).toBe(larger.name);
    }
    expect(toCn.stats.stale + toEu.stats.stale).toBeGreaterThan(0);
  });

  it('test 5: every event delivered two or three times and reordered gives the same final state', async () => {
    const id = await r.createUser('cn', `dup-${randomUUID()}@example.com`, 'v0');
    const base = await r.converged(id);
    const t = base.updated_at.getTime();
    const [v1, v2, v3] = [1, 2, 3].map((n) => r.userEvent('cn', base, { name: `v${n}`, updatedAt: new Date(t + n * 10) }));
    const applied = toEu.stats.applied;
    await r.publish('cn', 'auth', 'User', [v3!, v1!, v3!, v2!, v1!, v3!, v2!], id);
    await waitFor(() => toEu.stats.applied + toEu.stats.stale + toEu.stats.duplicate >= applied + 7, { what: 'all deliveries seen', timeoutMs: 15_000 });
    const row = await r.user('eu', id);
    expect(row).toMatchObject({ name: 'v3', last_event_id: v3!.eventId });
    const inbox = await r.eu.pool.query(`SELECT count(*)::int AS n FROM auth.inbox WHERE event_id = ANY($1::uuid[])`, [[v1!.eventId, v2!.eventId, v3!.eventId]]);
    expect(inbox.rows[0].n).toBe(3);

    // The catalog mirror too: a product's older snapshot and replays change nothing.
    const productId = await r.createProduct(`SKU-${randomUUID().slice(0, 8)}`);
    const cnName = () => r.cn.pool.query(`SELECT name FROM catalog.product WHERE id = $1`, [productId]).then((q) => q.rows[0]?.name as string | undefined);
    await waitFor(cnName, { what: 'product in CN', timeoutMs: 15_000 });
    const { rows } = await r.eu.pool.query(`SELECT envelope FROM catalog.outbox WHERE key = $1`, [productId]);
    const original = rows[0].envelope;
    const older = new Date(Date.parse(original.entityUpdatedAt) - 60_000).toISOString();
    const stale = { ...original, eventId: randomUUID(), entityUpdatedAt: older, payload: { ...original.payload, name: 'OLD', updatedAt: older } };
    const seen = toCn.stats.duplicate + toCn.stats.stale;
    await r.publish('eu', 'catalog', 'Product', [stale, original, stale, original], productId);
    await waitFor(() => toCn.stats.duplicate + toCn.stats.stale >= seen + 4, { what: 'replays seen', timeoutMs: 15_000 });
    expect(await cnName()).toBe(original.payload.name);
  });

  it('tombstones: a deactivated user stays deactivated when an older update arrives late', async () => {
    const id = await r.createUser('eu', `gone-${randomUUID()}@example.com`, 'Soon gone');
    const before = await r.converged(id);
    await r.deactivateUser('eu', id);
    const dead = await waitFor(async () => ((await r.user('cn', id))?.deleted_at ? r.user('cn', id) : undefined), { what: 'tombstone in CN', timeoutMs: 15_000 });
    // A CN edit made before the deactivation (older version), delivered late: it loses in both regions.
    const late = r.userEvent('cn', before, { name: 'Resurrected?', updatedAt: new Date(before.updated_at.getTime() + 1) });
    const stale = toEu.stats.stale;
    await r.publish('cn', 'auth', 'User', [late], id);
    await waitFor(() => toEu.stats.stale > stale, { what: 'late update judged stale' });
    expect(await r.user('eu', id)).toMatchObject({ name: 'Soon gone', deleted_at: dead!.deleted_at });
    expect((await r.converged(id)).deleted_at).not.toBeNull();
  });

  it('test 7: a region clock 2 s ahead does not drop a genuinely later write; a far-future stamp never wins', async () => {
    const id = await r.createUser('eu', `skew-${randomUUID()}@example.com`, 'Skewed');
    const base = await r.converged(id);
    // CN's clock runs 2 s ahead: its write is stamped 2 s in the future and wins in EU ...
    const ahead = r.userEvent('cn', base, { name: 'CN ahead', updatedAt: new Date(Date.now() + 2_000) });
    await r.publish('cn', 'auth', 'User', [ahead], id);
    await waitFor(async () => (await r.user('eu', id))?.name === 'CN ahead', { what: 'skewed write applied in EU', timeoutMs: 15_000 });
    // ... and an EU write made after it (within those 2 s) is stamped after it (HLC) and wins everywhere.
    const later = await r.updateUser('eu', id, 'EU later');
    expect(later.updated_at.getTime()).toBeGreaterThan(Date.parse(ahead.entityUpdatedAt));
    expect((await r.converged(id)).name).toBe('EU later');

    // An event stamped a year ahead is dead-lettered, not applied; the next honest write wins in both regions.
    const future = r.userEvent('cn', later, { name: 'From the future', updatedAt: new Date(Date.now() + 365 * 86_400_000) });
    await r.publish('cn', 'auth', 'User', [future], id);
    const dead = await waitFor(async () => (await listDeadLetters(r.eu.pool)).find((d) => d.eventId === future.eventId), { what: 'future event dead-lettered', timeoutMs: 15_000 });
    expect(dead.reason).toBe('FUTURE_TIMESTAMP');
    expect((await r.user('eu', id))?.name).toBe('EU later');
    await r.updateUser('cn', id, 'CN honest');
    const final = await r.converged(id);
    expect(final.name).toBe('CN honest');
    expect(final.updated_at.getTime()).toBeLessThan(Date.now() + 60_000);
  });

  it('test 7 (injected clock): the skew limit is judged by the worker clock', async () => {
    const id = await r.createUser('eu', `clock-${randomUUID()}@example.com`, 'Clocked');
    const base = await r.converged(id);
    // A worker whose clock is 10 minutes behind sees an honest event as 10 minutes in the future.
    const slow = createSyncWorker({ bus: r.bus, target: r.eu.pool, from: 'cn', to: 'eu', logger: r.logger, topicPrefix: r.prefix, now: () => new Date(Date.now() - 600_000) });
    const event = r.userEvent('cn', base, { name: 'clocked' });
    await expect(slow.applyRaw(Buffer.from(JSON.stringify(event)), `${r.prefix}cn.auth.user.v1`)).rejects.toThrow(/FUTURE_TIMESTAMP/);
    expect(await toEu.applyRaw(Buffer.from(JSON.stringify(event)), `${r.prefix}cn.auth.user.v1`)).toBe('applied');
  });

  it('poison messages go to the dead-letter topic with the reason and the worker keeps going', async () => {
    const id = await r.createUser('cn', `poison-${randomUUID()}@example.com`, 'Poisoned');
    const base = await r.converged(id);
    const holder = await r.converged(await r.createUser('eu', `taken-${randomUUID()}@example.com`, 'Email holder'));
    // Valid by the contract, refused by the EU database (the email is taken there): fails to apply.
    const clash = r.userEvent('cn', base, { name: 'email clash', email: holder.email });
    // Not valid by the contract of auth.user.v1: never applied.
    const badRole = r.userEvent('cn', base, { name: 'bad role', role: 'WIZARD' });
    const good = r.userEvent('cn', base, { name: 'after poison', updatedAt: new Date(base.updated_at.getTime() + 5) });
    await r.publish('cn', 'auth', 'User', ['not json', '{"eventId":"x"}', badRole, clash, good], id);
    await waitFor(async () => (await r.user('eu', id))?.name === 'after poison', { what: 'good event after the poison', timeoutMs: 20_000 });
    const dead = await waitFor(async () => {
      const rows = (await listDeadLetters(r.eu.pool)).filter((d) => d.topic.endsWith('cn.auth.user.v1'));
      return rows.some((d) => d.eventId === clash.eventId) && rows.some((d) => d.eventId === badRole.eventId) ? rows : undefined;
    }, { what: 'dead letters', timeoutMs: 20_000 });
    const reasons = dead.map((d) => d.reason);
    expect(reasons).toEqual(expect.arrayContaining(['INVALID_ENVELOPE', 'INVALID_EVENT', 'APPLY_FAILED']));
    expect(dead.find((d) => d.eventId === clash.eventId)).toMatchObject({ reason: 'APPLY_FAILED', attempts: 3 });
    expect(dead.find((d) => d.eventId === badRole.eventId)).toMatchObject({ reason: 'INVALID_EVENT', attempts: 1 });
    expect(dead.find((d) => d.eventId === badRole.eventId)?.error).toMatch(/role/);
    expect(dead.find((d) => d.value?.toString() === 'not json')?.error).toMatch(/not JSON/);
  });
});
