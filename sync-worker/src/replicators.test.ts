/**
 * The replicated columns are derived from the contracts' payload keys and the Prisma models; these
 * are the lists that were written by hand before, column for column (key, column, SQL cast,
 * required), in snapshot order.
 */
import { REPLICATORS } from './routes';

type Column = [key: string, column: string, type: string, required?: false];
const expand = (columns: Column[]) => columns.map(([key, column, type, required]) => ({ key, column, type, required: required ?? true }));
const common = (schema: string): Column[] => [
  ['originRegion', 'origin_region', `"${schema}"."Region"`],
  ['createdAt', 'created_at', 'timestamptz'],
  ['updatedAt', 'updated_at', 'timestamptz'],
  ['deletedAt', 'deleted_at', 'timestamptz', false],
];

const EXPECTED: Record<string, Record<string, { table: string; columns: Column[] }>> = {
  catalog: {
    Product: {
      table: '"catalog"."product"',
      columns: [
        ['id', 'id', 'uuid'],
        ['sku', 'sku', 'text'],
        ['name', 'name', 'text'],
        ['description', 'description', 'text'],
        ['priceAmount', 'price_amount', 'integer'],
        ['currency', 'currency', 'text'],
        ['attributes', 'attributes', 'jsonb'],
        ['images', 'images', 'text[]', false],
        ['status', 'status', '"catalog"."ProductStatus"'],
        ['manufacturerId', 'manufacturer_id', 'uuid', false],
        ['categoryId', 'category_id', 'uuid', false],
        ...common('catalog'),
      ],
    },
    Manufacturer: {
      table: '"catalog"."manufacturer"',
      columns: [['id', 'id', 'uuid'], ['name', 'name', 'text'], ['organizationId', 'organization_id', 'uuid', false], ['country', 'country', 'text', false], ...common('catalog')],
    },
    Category: {
      table: '"catalog"."category"',
      columns: [['id', 'id', 'uuid'], ['name', 'name', 'text'], ['slug', 'slug', 'text'], ['parentId', 'parent_id', 'uuid', false], ...common('catalog')],
    },
    Store: {
      table: '"catalog"."store"',
      columns: [
        ['id', 'id', 'uuid'],
        ['code', 'code', 'text'],
        ['name', 'name', 'text'],
        ['region', 'region', '"catalog"."Region"'],
        ['address', 'address', 'jsonb'],
        ['partnerOrganizationId', 'partner_organization_id', 'uuid', false],
        ['latitude', 'latitude', 'double precision', false],
        ['longitude', 'longitude', 'double precision', false],
        ...common('catalog'),
      ],
    },
  },
  auth: {
    User: {
      table: '"auth"."user"',
      columns: [
        ['id', 'id', 'uuid'],
        ['email', 'email', 'text'],
        ['name', 'name', 'text'],
        ['role', 'role', '"auth"."Role"'],
        ['organizationId', 'organization_id', 'uuid', false],
        ['homeRegion', 'home_region', '"auth"."Region"'],
        ['locale', 'locale', 'text', false],
        ['phone', 'phone', 'text', false],
        ...common('auth'),
      ],
    },
    Organization: {
      table: '"auth"."organization"',
      columns: [['id', 'id', 'uuid'], ['name', 'name', 'text'], ['kind', 'kind', '"auth"."OrganizationKind"'], ...common('auth')],
    },
  },
};

describe('replicated tables derived from the contracts and schema.prisma', () => {
  it('replicates exactly the expected entities', () => {
    expect(Object.fromEntries(Object.entries(REPLICATORS).map(([schema, r]) => [schema, [...r.entities].sort()]))).toEqual(
      Object.fromEntries(Object.entries(EXPECTED).map(([schema, tables]) => [schema, Object.keys(tables).sort()])),
    );
  });

  for (const [schema, tables] of Object.entries(EXPECTED)) {
    for (const [entity, { table, columns }] of Object.entries(tables)) {
      it(`${schema} ${entity}`, () => {
        expect(REPLICATORS[schema]!.table(entity)).toBe(table);
        expect(REPLICATORS[schema]!.columns(entity)).toEqual(expand(columns));
      });
    }
  }
});
