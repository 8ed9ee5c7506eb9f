/** Inventory of one store: its levels (live), stock adjustments and low-stock thresholds. */
import { graphql } from '../../gql';

// A fragment: codegen inlines it into the operations that spread it (no runtime value needed).
graphql(`
  fragment SupplyLevelFields on InventoryLevel {
    id
    onHand
    reserved
    available
    lowStockThreshold
    lowStock
    product {
      id
      sku
      name
    }
  }
`);

/**
 * The levels of one store. The API has no `store(id)` query, so the store is looked up with
 * `stores(near: its location)` (a few metres): only the stores there resolve their levels, not
 * every store of the region. Without a location `near` is null and the region's first stores are
 * read (errorPolicy `all`: other partners' stores answer FORBIDDEN, which the page ignores).
 * `first: 10` keeps the query under the gateway's cost limit (levels count per store).
 */
export const StoreLevelsDocument = graphql(`
  query StoreLevels($region: Region!, $near: GeoNearInput) {
    stores(region: $region, near: $near, first: 10) {
      id
      inventoryLevels {
        ...SupplyLevelFields
      }
    }
  }
`);

export const InventoryLevelChangedDocument = graphql(`
  subscription InventoryLevelChanged($storeId: ID!) {
    inventoryLevelChanged(storeId: $storeId) {
      ...SupplyLevelFields
    }
  }
`);

export const AdjustInventoryDocument = graphql(`
  mutation AdjustInventory($input: AdjustInventoryInput!) {
    adjustInventory(input: $input) {
      level {
        ...SupplyLevelFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const SetLowStockThresholdDocument = graphql(`
  mutation SetLowStockThreshold($input: SetLowStockThresholdInput!) {
    setLowStockThreshold(input: $input) {
      level {
        ...SupplyLevelFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
