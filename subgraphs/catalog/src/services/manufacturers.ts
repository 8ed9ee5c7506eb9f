/** Manufacturers: pages of them, and writes (admins only, by rule). */
import { pageSize, timeCursor, toConnection, userInputError, type Connection } from '@miw/service-kit';
import { currentManufacturer } from '../data/audit';
import { insertManufacturer, listManufacturers, liveProductsOfManufacturer, updateManufacturerRow } from '../data/catalog';
import type { Manufacturer } from '../data/db';
import { stampedUpdate } from '../data/writes';
import { manufacturerInUseError, validateManufacturerChanges, validateNewManufacturer } from '../domain/manufacturer';
import { manufacturerAuditFields } from '../events/audit';
import { manufacturerEvent } from '../events/catalog-events';
import type { CreateManufacturerInput, UpdateManufacturerInput } from '../schema.generated';
import { commit, refused, requireMasterRegion, type CatalogDeps, type EntityWrites, type WriteResult } from './write';

const writes: EntityWrites<Manufacturer> = { entity: 'Manufacturer', event: manufacturerEvent, audit: { fields: manufacturerAuditFields, current: currentManufacturer } };
const cursor = timeCursor('manufacturer');

export interface ListManufacturersInput {
  search?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}

/** Live manufacturers, oldest first, whose name contains `search` (BAD_USER_INPUT past 200 characters or for a forged cursor). */
export async function listManufacturerPage(deps: CatalogDeps, args: ListManufacturersInput): Promise<Connection<Manufacturer>> {
  const size = pageSize(args.first);
  const search = args.search?.trim() || undefined;
  if (search && search.length > 200) throw userInputError('search must be at most 200 characters', { field: 'search' });
  const after = cursor.decode(args.after);
  const rows = size === 0 ? [] : await listManufacturers(deps.db, search, size + 1, after);
  for (const row of rows) deps.loaders.manufacturer.prime(row.id, row);
  return toConnection(rows, size, cursor.encode, Boolean(after));
}

export async function createManufacturer(deps: CatalogDeps, input: CreateManufacturerInput): Promise<WriteResult<Manufacturer>> {
  requireMasterRegion(deps);
  const { value, errors } = validateNewManufacturer(input);
  if (!value) return refused(errors);
  return commit(deps, writes, 'created', { action: 'create' }, (tx) => insertManufacturer(tx, { ...value, originRegion: deps.region }));
}

/** Changes the given fields of manufacturer `input.id` (a valid, lower-case UUID). */
export async function updateManufacturer(deps: CatalogDeps, input: UpdateManufacturerInput): Promise<WriteResult<Manufacturer>> {
  requireMasterRegion(deps);
  const { value, errors } = validateManufacturerChanges(input);
  if (!value) return refused(errors);
  return commit(deps, writes, 'updated', { action: 'update', targetId: input.id }, (tx) => stampedUpdate(tx, 'manufacturer', input.id, value, updateManufacturerRow));
}

/** Refused (IN_USE) while live products name the manufacturer: delete or reassign them first. */
export async function deleteManufacturer(deps: CatalogDeps, id: string): Promise<WriteResult<Manufacturer>> {
  requireMasterRegion(deps);
  return commit(deps, writes, 'deleted', { action: 'delete', targetId: id }, async (tx) => {
    const deleted = await stampedUpdate(tx, 'manufacturer', id, 'tombstone', updateManufacturerRow);
    const inUse = deleted ? manufacturerInUseError(await liveProductsOfManufacturer(tx, id)) : null;
    return inUse ? [inUse] : deleted;
  });
}
