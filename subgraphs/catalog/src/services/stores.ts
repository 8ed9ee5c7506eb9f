/** Stores: lists (by region, around a point), and writes (admins only, by rule). */
import type { RegionCode } from '@miw/contracts';
import { pageSize } from '@miw/service-kit';
import { currentStore } from '../data/audit';
import { insertStore, updateStoreRow } from '../data/catalog';
import type { Store } from '../data/db';
import { listStores, listStoresNear, type StoreWithDistance } from '../data/stores';
import { stampedUpdate } from '../data/writes';
import { checkNear, validateNewStore, validateStoreChanges } from '../domain/store';
import { storeAuditFields } from '../events/audit';
import { storeEvent } from '../events/catalog-events';
import type { CreateStoreInput, GeoNearInput, UpdateStoreInput } from '../schema.generated';
import { commit, refused, requireMasterRegion, type CatalogDeps, type EntityWrites, type WriteResult } from './write';

const writes: EntityWrites<Store> = { entity: 'Store', event: storeEvent, unique: { field: 'code', code: 'CODE_TAKEN', what: 'store code' }, audit: { fields: storeAuditFields, current: currentStore } };

export interface FindStoresInput {
  region?: RegionCode | null | undefined;
  near?: GeoNearInput | null | undefined;
  first?: number | null | undefined;
}

/** Stores by code, or with `near` the ones within the radius, nearest first (BAD_USER_INPUT for a point or radius out of range). */
export function findStores(deps: CatalogDeps, args: FindStoresInput): Promise<StoreWithDistance[]> {
  const limit = pageSize(args.first, 100);
  const region = args.region ?? undefined;
  if (!args.near) return listStores(deps.db, region, limit);
  checkNear(args.near);
  return listStoresNear(deps.db, { lat: args.near.lat, lng: args.near.lng }, args.near.radiusKm, region, limit);
}

export async function createStore(deps: CatalogDeps, input: CreateStoreInput): Promise<WriteResult<Store>> {
  requireMasterRegion(deps);
  const { value, errors } = validateNewStore(input);
  if (!value) return refused(errors);
  return commit(deps, writes, 'created', { action: 'create' }, (tx) => insertStore(tx, { ...value, originRegion: deps.region }));
}

/** Changes the given fields of store `input.id` (a valid, lower-case UUID). */
export async function updateStore(deps: CatalogDeps, input: UpdateStoreInput): Promise<WriteResult<Store>> {
  requireMasterRegion(deps);
  const { value, errors } = validateStoreChanges(input);
  if (!value) return refused(errors);
  return commit(deps, writes, 'updated', { action: 'update', targetId: input.id }, (tx) => stampedUpdate(tx, 'store', input.id, value, updateStoreRow));
}

export async function deleteStore(deps: CatalogDeps, id: string): Promise<WriteResult<Store>> {
  requireMasterRegion(deps);
  return commit(deps, writes, 'deleted', { action: 'delete', targetId: id }, (tx) => stampedUpdate(tx, 'store', id, 'tombstone', updateStoreRow));
}
