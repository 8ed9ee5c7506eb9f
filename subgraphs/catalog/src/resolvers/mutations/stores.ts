/** Store mutations (admins only, by rule). */
import { requireUuid } from '@miw/service-kit';
import type { CatalogContext } from '../../context';
import { insertStore, updateStoreRow } from '../../data/catalog';
import { stampedUpdate } from '../../data/writes';
import { validateNewStore, validateStoreChanges, type CreateStoreInput, type UpdateStoreInput } from '../../domain/store';
import { commit } from './commit';

const payload = ({ row, errors }: Awaited<ReturnType<typeof commit>>) => ({ store: row, errors });

export const storeMutations = {
  async createStore(_: unknown, { input }: { input: CreateStoreInput }, ctx: CatalogContext) {
    const { value, errors } = validateNewStore(input);
    if (!value) return { store: null, errors };
    return payload(await commit(ctx, 'Store', 'created', (tx) => insertStore(tx, { ...value, originRegion: ctx.region })));
  },

  async updateStore(_: unknown, { input }: { input: UpdateStoreInput }, ctx: CatalogContext) {
    const id = requireUuid(input.id, 'input.id').toLowerCase();
    const { value, errors } = validateStoreChanges(input);
    if (!value) return { store: null, errors };
    return payload(await commit(ctx, 'Store', 'updated', (tx) => stampedUpdate(tx, 'store', id, value, updateStoreRow)));
  },

  async deleteStore(_: unknown, { input }: { input: { id: string } }, ctx: CatalogContext) {
    const id = requireUuid(input.id, 'input.id').toLowerCase();
    return payload(await commit(ctx, 'Store', 'deleted', (tx) => stampedUpdate(tx, 'store', id, 'tombstone', updateStoreRow)));
  },
};
