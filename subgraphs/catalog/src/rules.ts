/**
 * Who may use each root field of the catalog subgraph. Every Query and Mutation field needs a rule:
 * a field without one stops the service at start-up and fails the role-matrix test.
 */
import { allow, type AccessRules } from '@miw/auth';

export const rules: AccessRules = {
  Query: {
    products: allow.public,
    product: allow.public,
    category: allow.public,
    categories: allow.public,
    stores: allow.public,
    manufacturers: allow.public,
    manufacturer: allow.public,
  },
  Mutation: {
    // Row level (in the resolver): a manufacturer only for its own manufacturer's products.
    createProduct: allow.roles('ADMIN', 'MANUFACTURER'),
    updateProduct: allow.roles('ADMIN', 'MANUFACTURER'),
    archiveProduct: allow.roles('ADMIN', 'MANUFACTURER'),
    deleteProduct: allow.roles('ADMIN'),
    createManufacturer: allow.roles('ADMIN'),
    updateManufacturer: allow.roles('ADMIN'),
    deleteManufacturer: allow.roles('ADMIN'),
    createCategory: allow.roles('ADMIN'),
    updateCategory: allow.roles('ADMIN'),
    deleteCategory: allow.roles('ADMIN'),
    createStore: allow.roles('ADMIN'),
    updateStore: allow.roles('ADMIN'),
    deleteStore: allow.roles('ADMIN'),
  },
};
