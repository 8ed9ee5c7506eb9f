import type { SubgraphCodegenConfig } from '../../scripts/codegen';

const config: SubgraphCodegenConfig = {
  contextType: './context#CatalogContext',
  mappers: {
    Product: './data/db#Product',
    Manufacturer: './data/db#Manufacturer',
    Category: './data/db#Category',
    // A store row, with its distance when listed `near` a point.
    Store: './data/stores#StoreWithDistance',
    // A page whose totalCount is counted only when asked for.
    ProductConnection: './services/products#ProductPage',
  },
  enumValues: { Region: { EU: 'eu', CN: 'cn' } },
};
export default config;
