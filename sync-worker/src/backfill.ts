/**
 * `sync-worker backfill`: copies a full snapshot of one entity from a region's database into
 * another's (a new region, or after an outage longer than Kafka's retention). Rows go through the
 * same version-ordered upsert as events, so a backfill never overwrites a newer row and can run
 * while the worker runs. Resumable: a cursor (last id copied) commits with each page in
 * `sync.backfill_cursor` of the target database.
 */
import type { Pool } from 'pg';
import { inTransaction, type Replicator } from '@miw/events';
import { createEnvelope, MASTER_REGION, type RegionCode } from '@miw/contracts';
import { ensureSyncSchema } from './store';

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export interface BackfillOptions {
  entity: string;
  replicator: Replicator;
  from: RegionCode;
  to: RegionCode;
  source: Pool;
  target: Pool;
  pageSize?: number;
  /** Start again from the first row even if a previous run finished. */
  restart?: boolean;
  onProgress?(p: BackfillProgress): void;
}

export interface BackfillProgress {
  entity: string;
  total: number;
  done: number;
  copied: number;
  skipped: number;
  resumedAt: number;
}

export async function backfill(o: BackfillOptions): Promise<BackfillProgress> {
  const { entity, replicator, from, to, source, target, pageSize = 500 } = o;
  if (replicator.schema === 'catalog' && from !== MASTER_REGION) throw new Error(`catalog data is mastered in ${MASTER_REGION}: backfill it from there`);
  await ensureSyncSchema(target);
  const columns = replicator.columns(entity);
  const tieBreak = replicator.schema === 'auth';
  const key = [entity, from, to];
  if (o.restart) await target.query(`DELETE FROM sync.backfill_cursor WHERE entity = $1 AND from_region = $2 AND to_region = $3`, key);
  const total = Number((await source.query<{ n: string }>(`SELECT count(*) AS n FROM ${replicator.table(entity)}`)).rows[0]!.n);
  await target.query(
    `INSERT INTO sync.backfill_cursor (entity, from_region, to_region, total) VALUES ($1, $2, $3, $4)
     ON CONFLICT (entity, from_region, to_region) DO UPDATE SET total = EXCLUDED.total,
       after_id = CASE WHEN sync.backfill_cursor.finished_at IS NULL THEN sync.backfill_cursor.after_id END,
       copied = CASE WHEN sync.backfill_cursor.finished_at IS NULL THEN sync.backfill_cursor.copied ELSE 0 END,
       finished_at = NULL`,
    [...key, total],
  );
  const cursor = (await target.query<{ after_id: string | null; copied: string }>(`SELECT after_id, copied FROM sync.backfill_cursor WHERE entity = $1 AND from_region = $2 AND to_region = $3`, key)).rows[0]!;
  let after = cursor.after_id;
  const resumedAt = after ? Number((await source.query<{ n: string }>(`SELECT count(*) AS n FROM ${replicator.table(entity)} WHERE id <= $1`, [after])).rows[0]!.n) : 0;
  const progress: BackfillProgress = { entity, total, done: resumedAt, copied: 0, skipped: 0, resumedAt };
  const select = `SELECT ${columns.map((c) => `"${c.column}" AS "${c.key}"`).join(', ')}${tieBreak ? ', last_event_id AS "lastEventId"' : ''}
    FROM ${replicator.table(entity)} WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`;

  for (;;) {
    const { rows } = await source.query<Record<string, unknown>>(select, [after, pageSize]);
    if (rows.length === 0) break;
    await inTransaction(target, async (client) => {
      await client.query(`SELECT set_config('miw.replicating', 'on', true)`);
      for (const row of rows) {
        const { lastEventId, ...fields } = row;
        const payload = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
        const event = createEnvelope({
          type: `${replicator.schema}.${entity.toLowerCase()}.snapshot`,
          entity,
          entityId: String(row.id),
          eventId: typeof lastEventId === 'string' ? lastEventId : NIL_UUID,
          originRegion: from,
          entityUpdatedAt: new Date(String(payload.updatedAt)),
          correlationId: 'backfill',
          payload,
        });
        if (await replicator.upsert(client, entity, replicator.prepare(event))) progress.copied += 1;
        else progress.skipped += 1;
      }
      after = String(rows[rows.length - 1]!.id);
      await client.query(`UPDATE sync.backfill_cursor SET after_id = $4, copied = copied + $5 WHERE entity = $1 AND from_region = $2 AND to_region = $3`, [...key, after, rows.length]);
    });
    progress.done += rows.length;
    o.onProgress?.(progress);
  }
  await target.query(`UPDATE sync.backfill_cursor SET finished_at = now() WHERE entity = $1 AND from_region = $2 AND to_region = $3`, key);
  return progress;
}
