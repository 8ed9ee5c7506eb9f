/**
 * `sync-worker verify`: compares the replicated entities of two regions row by row (an md5 of
 * each row's replicated content) and reports the ids that are missing on either side or differ.
 * Version columns (created_at, updated_at, last_event_id) are left out: rows seeded separately in
 * each region hold the same content under different stamps.
 */
import type { Pool } from 'pg';
import type { Replicator } from '@miw/events';

export interface EntityDiff {
  entity: string;
  left: number;
  right: number;
  missingRight: string[];
  missingLeft: string[];
  different: string[];
}

const VERSION_KEYS = new Set(['createdAt', 'updatedAt']);

async function checksums(pool: Pool, replicator: Replicator, entity: string): Promise<Map<string, string>> {
  const cols = replicator
    .columns(entity)
    .filter((c) => !VERSION_KEYS.has(c.key))
    .map((c) => `"${c.column}"`);
  const { rows } = await pool.query<{ id: string; sum: string }>(`SELECT id::text AS id, md5(ROW(${cols.join(', ')})::text) AS sum FROM ${replicator.table(entity)}`);
  return new Map(rows.map((r) => [r.id, r.sum]));
}

export async function verifyEntity(left: Pool, right: Pool, replicator: Replicator, entity: string): Promise<EntityDiff> {
  const [a, b] = await Promise.all([checksums(left, replicator, entity), checksums(right, replicator, entity)]);
  const diff: EntityDiff = { entity, left: a.size, right: b.size, missingRight: [], missingLeft: [], different: [] };
  for (const [id, sum] of a) {
    const other = b.get(id);
    if (other === undefined) diff.missingRight.push(id);
    else if (other !== sum) diff.different.push(id);
  }
  for (const id of b.keys()) if (!a.has(id)) diff.missingLeft.push(id);
  return diff;
}

export const isClean = (d: EntityDiff) => d.missingLeft.length + d.missingRight.length + d.different.length === 0;
