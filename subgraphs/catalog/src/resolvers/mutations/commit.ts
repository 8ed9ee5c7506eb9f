/**
 * One transaction per catalog write: the change and its outbox event commit together. A write
 * answers the changed row, a list of domain errors (rolled back, returned in the payload), or null
 * when the target does not exist (NOT_FOUND). Unique violations become the matching domain error.
 */
import { GraphQLError } from 'graphql';
import { writeOutbox } from '@miw/events';
import { ErrorCode, regionReadOnlyError } from '@miw/service-kit';
import type { CatalogContext } from '../../context';
import { isUniqueViolation } from '../../data/catalog';
import type { CatalogTx } from '../../data/db';
import type { FieldError } from '../../domain/fields';
import { catalogEvent, type CatalogEntity, type CatalogRow } from '../../events/catalog-events';

/** Catalog data is mastered in EU; every other region holds a read-only mirror. */
export const MASTER_REGION = 'eu';

/** The unique column of each entity and the domain error a clash answers. */
const UNIQUE: Partial<Record<CatalogEntity, { field: string; code: FieldError['code']; what: string }>> = {
  Product: { field: 'sku', code: 'SKU_TAKEN', what: 'product SKU' },
  Category: { field: 'slug', code: 'SLUG_TAKEN', what: 'category slug' },
  Store: { field: 'code', code: 'CODE_TAKEN', what: 'store code' },
};

class Refused {
  constructor(readonly errors: FieldError[]) {}
}

export const notFound = (what: string) => new GraphQLError(`No ${what} has this id`, { extensions: { code: ErrorCode.NOT_FOUND } });

export type Verb = 'created' | 'updated' | 'deleted';

export async function commit<R extends CatalogRow>(
  ctx: CatalogContext,
  entity: CatalogEntity,
  verb: Verb,
  write: (tx: CatalogTx) => Promise<R | FieldError[] | null>,
): Promise<{ row: R | null; errors: FieldError[] }> {
  try {
    const row = await ctx.db.$transaction(async (tx) => {
      const result = await write(tx);
      if (result === null) throw notFound(entity.toLowerCase());
      if (Array.isArray(result)) throw new Refused(result);
      await writeOutbox(tx, 'catalog', [catalogEvent(entity, verb, result, ctx.correlationId)]);
      return result;
    });
    ctx.logger.info({ entity, id: row.id, verb }, `catalog ${entity.toLowerCase()} ${verb}`);
    return { row, errors: [] };
  } catch (error) {
    if (error instanceof Refused) return { row: null, errors: error.errors };
    const clash = UNIQUE[entity];
    if (clash && isUniqueViolation(error, clash.field)) return { row: null, errors: [{ code: clash.code, field: `input.${clash.field}`, message: `This ${clash.what} is already used (deleted entries keep theirs)` }] };
    throw error;
  }
}

/** REGION_READ_ONLY naming the master region and its endpoint. */
export function readOnlyRegion(ctx: CatalogContext): GraphQLError {
  const base = regionReadOnlyError(ctx.region, ctx.masterEndpoint);
  return new GraphQLError(base.message, { extensions: { ...base.extensions, masterRegion: MASTER_REGION.toUpperCase(), masterEndpoint: ctx.masterEndpoint ?? null } });
}

type Resolver = (parent: unknown, args: never, ctx: CatalogContext, info: unknown) => unknown;

/** Wraps every mutation: outside the master region each one refuses before doing anything. */
export function masterRegionOnly<T extends Record<string, Resolver>>(mutations: T): T {
  return Object.fromEntries(
    Object.entries(mutations).map(([name, resolve]) => [
      name,
      (parent: unknown, args: never, ctx: CatalogContext, info: unknown) => {
        if (ctx.region !== MASTER_REGION) throw readOnlyRegion(ctx);
        return resolve(parent, args, ctx, info);
      },
    ]),
  ) as T;
}

/** Checks that referenced rows exist (live); a NOT_FOUND field error for each missing one. */
export function missingReferences(checks: [field: string, value: unknown | null | undefined, what: string][]): FieldError[] {
  return checks.filter(([, value]) => value === null).map(([field, , what]) => ({ code: 'NOT_FOUND', field: `input.${field}`, message: `no ${what} has this id` }));
}
