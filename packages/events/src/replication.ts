/**
 * Replication of global rows between regions (used by the sync worker, the only writer of
 * mirrored rows). A domain declares which tables replicate and their columns; this module turns an
 * event snapshot into ONE conditional upsert whose WHERE compares versions, so concurrent or
 * reordered applies need no read-modify-write.
 *
 * Version order (total, see docs/sync.md): `(updated_at, last_event_id)` for tables written in both
 * regions (`tieBreak`), `updated_at` alone for tables with a single writer region whose writes are
 * stamped monotonically (catalog). A row only moves forward in that order; an equal version is the
 * same version (a redelivery or a snapshot) and changes nothing. Deletes are soft (`deleted_at`):
 * a tombstone keeps its version, so a late older update loses against it.
 */
import type { PoolClient } from 'pg';
import type { EventEnvelope } from '@miw/contracts';
import type { PrismaField, PrismaModel } from './prisma-schema';
import { checkSchemaName } from './sql';

export interface ReplicatedColumn {
  /** Field of the snapshot payload (camelCase). */
  key: string;
  column: string;
  /** SQL type the parameter is cast to. */
  type: string;
  required: boolean;
}

const replicatedColumn = (key: string, column: string, type: string, required = true): ReplicatedColumn => ({ key, column, type, required });

export interface ReplicatedTable {
  table: string;
  columns: ReplicatedColumn[];
}

export interface ReplicationTarget {
  /** PostgreSQL schema of the domain (also holds its `inbox`). */
  schema: string;
  /** Entity name (as in envelopes) -> table. */
  tables: Record<string, ReplicatedTable>;
  /** True when rows carry `last_event_id`, the tie-break of equal `updated_at`. */
  tieBreak: boolean;
}

export class InvalidReplicationEvent extends Error {
  override name = 'InvalidReplicationEvent';
}

export type ApplyOutcome = 'applied' | 'stale' | 'duplicate';

/** A row's position in the version order. */
export interface RowVersion {
  updatedAt: string;
  eventId: string | null;
}

export interface Replicator {
  readonly schema: string;
  readonly entities: string[];
  /** Validates the snapshot and returns the statement parameters; throws InvalidReplicationEvent. */
  prepare(event: EventEnvelope): unknown[];
  /** Runs the conditional upsert inside the caller's transaction; true when the row changed. */
  upsert(client: PoolClient, entity: string, params: unknown[]): Promise<boolean>;
  /** The stored version of one row (for conflict logs), or null. */
  currentVersion(client: PoolClient, entity: string, id: string): Promise<RowVersion | null>;
  /** Columns in snapshot order (backfill reads rows with them, verify hashes them). */
  columns(entity: string): ReplicatedColumn[];
  table(entity: string): string;
}

const NIL = `'00000000-0000-0000-0000-000000000000'::uuid`;

export function createReplicator(target: ReplicationTarget): Replicator {
  const { schema, tables, tieBreak } = target;
  checkSchemaName(schema);
  const qualified = (entity: string) => `"${schema}"."${tables[entity]!.table}"`;

  const statements = Object.fromEntries(
    Object.entries(tables).map(([entity, { columns }]) => {
      const all = tieBreak ? [...columns, replicatedColumn('lastEventId', 'last_event_id', 'uuid', false)] : columns;
      const names = all.map((c) => `"${c.column}"`).join(', ');
      const values = all.map((c, i) => `$${i + 1}::${c.type}`).join(', ');
      const updates = all
        .filter((c) => c.column !== 'id')
        .map((c) => `"${c.column}" = EXCLUDED."${c.column}"`)
        .join(', ');
      const t = qualified(entity);
      const newer = tieBreak
        ? `(${t}.updated_at, COALESCE(${t}.last_event_id, ${NIL})) < (EXCLUDED.updated_at, COALESCE(EXCLUDED.last_event_id, ${NIL}))`
        : `${t}.updated_at < EXCLUDED.updated_at`;
      const upsert = `INSERT INTO ${t} (${names}) VALUES (${values}) ON CONFLICT (id) DO UPDATE SET ${updates} WHERE ${newer}`;
      const version = `SELECT to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt", ${tieBreak ? 'last_event_id' : 'NULL'}::text AS "eventId" FROM ${t} WHERE id = $1`;
      return [entity, { upsert, version }];
    }),
  );

  const tableOf = (entity: string): ReplicatedTable => {
    const t = tables[entity];
    if (!t) throw new InvalidReplicationEvent(`${schema} does not replicate entity ${entity}`);
    return t;
  };

  return {
    schema,
    entities: Object.keys(tables),
    prepare(event) {
      const { columns } = tableOf(event.entity);
      const payload = event.payload as Record<string, unknown>;
      if (payload.id !== event.entityId) throw new InvalidReplicationEvent('payload.id does not match entityId');
      const missing = columns.filter((c) => c.required && (payload[c.key] === undefined || payload[c.key] === null)).map((c) => c.key);
      if (missing.length) throw new InvalidReplicationEvent(`payload lacks ${missing.join(', ')}`);
      const params = columns.map((c) => {
        const v = payload[c.key];
        if (v === undefined || v === null) return null;
        if (c.type === 'jsonb') return JSON.stringify(v);
        if (c.type === 'timestamptz' && (typeof v !== 'string' || Number.isNaN(Date.parse(v)))) throw new InvalidReplicationEvent(`${c.key} is not a timestamp`);
        if (c.type.endsWith('[]')) {
          if (!Array.isArray(v) || v.some((item) => item === null || typeof item === 'object')) throw new InvalidReplicationEvent(`${c.key} is not an array of scalars`);
          return v;
        }
        if (typeof v === 'object') throw new InvalidReplicationEvent(`${c.key} is not a scalar`);
        return v;
      });
      if (tieBreak) params.push(event.eventId);
      return params;
    },
    async upsert(client, entity, params) {
      const { rowCount } = await client.query(statements[entity]!.upsert, params);
      return rowCount === 1;
    },
    async currentVersion(client, entity, id) {
      const { rows } = await client.query<RowVersion>(statements[entity]!.version, [id]);
      return rows[0] ?? null;
    },
    columns: (entity) => tableOf(entity).columns,
    table: (entity) => qualified(entity),
  };
}

/** What a replicated entity is made of: its envelope entity name and the zod object of its payload (an event contract fits). */
export interface ReplicatedContract {
  entity: string;
  payload: { shape: Record<string, unknown> };
}

/** SQL types of the Prisma scalars that replicate (a `@db.Uuid` String is `uuid`). */
const SQL_TYPES: Record<string, string> = { String: 'text', Int: 'integer', Float: 'double precision', Boolean: 'boolean', DateTime: 'timestamptz', Json: 'jsonb' };

/** The SQL type a snapshot value of `field` is cast to. */
function sqlType(field: PrismaField, schema: string): string {
  if (field.kind === 'enum') return `"${schema}"."${field.type}"`;
  const base = field.type === 'String' && field.nativeType?.[0] === 'Uuid' ? 'uuid' : SQL_TYPES[field.type];
  if (field.kind !== 'scalar' || !base) throw new Error(`field ${field.name} (${field.type}) cannot replicate`);
  return field.isList ? `${base}[]` : base;
}

/**
 * The replicated table of an entity, derived from its Prisma model (columns, types, required) and
 * limited to the keys of its event payload, in the model's field order. `lastEventId` is left out:
 * with `tieBreak` it is written from the event id. A payload key with no column is an error.
 */
function replicatedTable(model: PrismaModel, contract: ReplicatedContract, schema: string): ReplicatedTable {
  const keys = new Set(Object.keys(contract.payload.shape).filter((key) => key !== 'lastEventId'));
  const fields = model.fields.filter((f) => keys.has(f.name));
  const unknown = [...keys].filter((key) => !fields.some((f) => f.name === key));
  if (unknown.length) throw new Error(`${contract.entity} payload keys without a column in model ${model.name}: ${unknown.join(', ')}`);
  return {
    table: model.dbName ?? model.name,
    // A list column defaults to empty and a nullable one to null: only other columns must be present.
    columns: fields.map((f) => replicatedColumn(f.name, f.dbName ?? f.name, sqlType(f, schema), f.isRequired && !f.isList)),
  };
}

/** The replicated tables of a domain: one per contract, from the model of the same name. */
export function replicatedTables(models: PrismaModel[], schema: string, contracts: readonly ReplicatedContract[]): Record<string, ReplicatedTable> {
  return Object.fromEntries(
    contracts.map((contract) => {
      const model = models.find((m) => m.name === contract.entity);
      if (!model) throw new Error(`no Prisma model ${contract.entity} in schema ${schema}`);
      return [contract.entity, replicatedTable(model, contract, schema)];
    }),
  );
}

/** What a sync worker reports per direction (`GET /status` on its health port; `syncStatus`). */
export interface SyncDirectionStatus {
  direction: string;
  applied: number;
  stale: number;
  duplicate: number;
  deadLettered: number;
  lastEventId: string | null;
  lastAppliedAt: Date | null;
  lagP50Ms: number | null;
  lagP99Ms: number | null;
  eventsPerSecond: number;
}
