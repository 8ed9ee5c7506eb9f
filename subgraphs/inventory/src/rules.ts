/**
 * Who may use each root field of the inventory subgraph. Every Query and Mutation field needs a rule:
 * a field without one stops the service at start-up and fails the role-matrix test.
 */
import type { AccessRules } from '@miw/auth';

/** No root fields: inventory only contributes fields to Product and Store (row-level rules come with the supply-chain issue). */
export const rules: AccessRules = {};
