/** Manufacturer mutations (admins only, by rule). */
import { requireUuid } from '@miw/service-kit';
import type { CatalogContext } from '../../context';
import { insertManufacturer, liveProductsOfManufacturer, updateManufacturerRow } from '../../data/catalog';
import { stampedUpdate } from '../../data/writes';
import { validateManufacturerChanges, validateNewManufacturer, type CreateManufacturerInput, type UpdateManufacturerInput } from '../../domain/manufacturer';
import { commit } from './commit';

const payload = ({ row, errors }: Awaited<ReturnType<typeof commit>>) => ({ manufacturer: row, errors });

export const manufacturerMutations = {
  async createManufacturer(_: unknown, { input }: { input: CreateManufacturerInput }, ctx: CatalogContext) {
    const { value, errors } = validateNewManufacturer(input);
    if (!value) return { manufacturer: null, errors };
    return payload(await commit(ctx, 'Manufacturer', 'created', (tx) => insertManufacturer(tx, { ...value, originRegion: ctx.region })));
  },

  async updateManufacturer(_: unknown, { input }: { input: UpdateManufacturerInput }, ctx: CatalogContext) {
    const id = requireUuid(input.id, 'input.id').toLowerCase();
    const { value, errors } = validateManufacturerChanges(input);
    if (!value) return { manufacturer: null, errors };
    return payload(await commit(ctx, 'Manufacturer', 'updated', (tx) => stampedUpdate(tx, 'manufacturer', id, value, updateManufacturerRow)));
  },

  /** Refused (IN_USE) while live products name the manufacturer: delete or reassign them first. */
  async deleteManufacturer(_: unknown, { input }: { input: { id: string } }, ctx: CatalogContext) {
    const id = requireUuid(input.id, 'input.id').toLowerCase();
    return payload(
      await commit(ctx, 'Manufacturer', 'deleted', async (tx) => {
        const deleted = await stampedUpdate(tx, 'manufacturer', id, 'tombstone', updateManufacturerRow);
        const products = deleted ? await liveProductsOfManufacturer(tx, id) : 0;
        return products ? [{ code: 'IN_USE', field: 'input.id', message: `${products} live products name this manufacturer; delete or reassign them first` }] : deleted;
      }),
    );
  },
};
