import type { SubgraphCodegenConfig } from '../../scripts/codegen';

const config: SubgraphCodegenConfig = {
  contextType: './context#CatalogContext',
  mappers: { Product: './data/db#Product', Manufacturer: './data/db#Manufacturer', Category: './data/db#Category', Store: './data/db#Store' },
  enumValues: { Region: { EU: 'eu', CN: 'cn' } },
};
export default config;
