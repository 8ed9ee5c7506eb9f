/**
 * What every catalog write shares: the master-region guard, one transaction per write with its
 * outbox event, unique clashes mapped to payload errors, and the NOT_FOUND of a missing target.
 *
 * A write answers the changed row, or the domain errors that refused it (rolled back, returned in
 * the payload). A target that does not exist (or is deleted) is a thrown NOT_FOUND.
 */
import { GraphQLError } from 'graphql';
import { isAuditedViewer, MASTER_REGION, type OutboxMessage } from '@miw/contracts';
import { writeOutbox } from '@miw/events';
import { ErrorCode, regionReadOnlyError } from '@miw/service-kit';
import type { CatalogContext } from '../context';
import { isUniqueViolation } from '../data/catalog';
import type { CatalogTx } from '../data/db';
import type { FieldError } from '../domain/fields';
import { catalogAudit } from '../events/audit';
import type { CatalogEntity, CatalogVerb } from '../events/catalog-events';

/**
 * What a catalog service needs: the request context, or the same pieces built by a CLI or a
 * consumer (`loaders` from `createLoaders(db, pool)`).
 */
export type CatalogDeps = Pick<CatalogContext, 'db' | 'pool' | 'region' | 'viewer' | 'correlationId' | 'logger' | 'loaders' | 'masterEndpoint'>;

/** The result of a write: the changed row, or the payload errors that refused it. */
export type WriteResult<R> = { row: R; errors: [] } | { row: null; errors: FieldError[] };

export const refused = (errors: FieldError[]): WriteResult<never> => ({ row: null, errors });

/** Catalog data is mastered in EU: elsewhere every write fails with REGION_READ_ONLY before it reads anything. */
export function requireMasterRegion(deps: Pick<CatalogDeps, 'region' | 'masterEndpoint'>): void {
  if (deps.region === MASTER_REGION) return;
  const base = regionReadOnlyError(deps.region, deps.masterEndpoint);
  throw new GraphQLError(base.message, { extensions: { ...base.extensions, masterRegion: MASTER_REGION.toUpperCase(), masterEndpoint: deps.masterEndpoint ?? null } });
}

export const notFound = (what: string) => new GraphQLError(`No ${what} has this id`, { extensions: { code: ErrorCode.NOT_FOUND } });

/**
 * How one entity is written: its event, the unique column whose clash is a payload error, and
 * how an admin's change of it is audited (its business fields, and its row as the transaction
 * sees it before the change).
 */
export interface EntityWrites<R> {
  entity: CatalogEntity;
  event: (verb: CatalogVerb, row: R, correlationId: string) => OutboxMessage;
  unique?: { field: string; code: FieldError['code']; what: string };
  audit: { fields: (row: R) => Record<string, unknown>; current: (tx: CatalogTx, id: string) => Promise<R | null> };
}

/** What the audit log calls a write: its verb (`update`, `archive`, ...) and, but for a creation, the target's id. */
export interface AuditedAs {
  action: 'create' | 'update' | 'archive' | 'delete';
  targetId?: string;
}

class Refused {
  constructor(readonly errors: FieldError[]) {}
}

/**
 * Runs `write` in one transaction with the outbox event of its row and, when an admin writes, the
 * audit entry of the change. `write` answers the row, the domain errors refusing the change (the
 * transaction rolls back), or null when the target is gone.
 */
export async function commit<R extends { id: string }>(
  deps: CatalogDeps,
  spec: EntityWrites<R>,
  verb: CatalogVerb,
  audited: AuditedAs,
  write: (tx: CatalogTx) => Promise<R | FieldError[] | null>,
): Promise<WriteResult<R>> {
  try {
    const row = await deps.db.$transaction(async (tx) => {
      // Read before the write, in its transaction: only admins' writes are audited, so others pay nothing.
      const before = isAuditedViewer(deps.viewer) && audited.targetId ? await spec.audit.current(tx, audited.targetId) : null;
      const result = await write(tx);
      if (result === null) throw notFound(spec.entity.toLowerCase());
      if (Array.isArray(result)) throw new Refused(result);
      const after = verb === 'deleted' ? null : spec.audit.fields(result);
      const audit = catalogAudit(deps, spec.entity, audited.action, result.id, before && spec.audit.fields(before), after);
      await writeOutbox(tx, 'catalog', [spec.event(verb, result, deps.correlationId), ...audit]);
      return result;
    });
    deps.logger.info({ entity: spec.entity, id: row.id, verb }, `catalog ${spec.entity.toLowerCase()} ${verb}`);
    return { row, errors: [] };
  } catch (error) {
    if (error instanceof Refused) return refused(error.errors);
    const clash = spec.unique;
    if (clash && isUniqueViolation(error, clash.field)) return refused([{ code: clash.code, field: `input.${clash.field}`, message: `This ${clash.what} is already used (deleted entries keep theirs)` }]);
    throw error;
  }
}

/** A NOT_FOUND payload error for each referenced row that does not exist (null: looked up, missing). */
export function missingReferences(checks: [field: string, value: unknown, what: string][]): FieldError[] {
  return checks.filter(([, value]) => value === null).map(([field, , what]) => ({ code: 'NOT_FOUND', field: `input.${field}`, message: `no ${what} has this id` }));
}
