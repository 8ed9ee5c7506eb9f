/**
 * Who may use each root field of the catalog subgraph. Every Query and Mutation field needs a rule:
 * a field without one stops the service at start-up and fails the role-matrix test.
 */
import { allow, type AccessRules } from '@miw/auth';

export const rules: AccessRules = {
  Query: {
    products: allow.public,
    product: allow.public,
    categories: allow.public,
    stores: allow.public,
  },
  Mutation: {
    // Row level (in the resolver): a manufacturer only for its own manufacturer.
    createProduct: allow.roles('ADMIN', 'MANUFACTURER'),
  },
};
