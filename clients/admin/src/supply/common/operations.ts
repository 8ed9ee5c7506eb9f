/** Operations the supply pages share: stores (with who runs them), products to choose, carriers. */
import { graphql } from '../../gql';

export const SupplyStoresDocument = graphql(`
  query SupplyStores($region: Region) {
    stores(region: $region, first: 100) {
      id
      code
      name
      region
      address {
        city
        country
      }
      location {
        lat
        lng
      }
      partnerOrganization {
        id
        name
      }
    }
  }
`);

export const ProductChoicesDocument = graphql(`
  query ProductChoices($search: String, $first: Int) {
    products(filter: { search: $search, status: ACTIVE }, first: $first, orderBy: NAME_ASC) {
      edges {
        node {
          id
          sku
          name
        }
      }
    }
  }
`);

export const LogisticsOrganizationsDocument = graphql(`
  query LogisticsOrganizations {
    organizations(filter: { kind: LOGISTICS }, first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);
