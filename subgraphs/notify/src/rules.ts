/**
 * Who may use each root field of the notify subgraph. Every Query and Mutation field needs a rule:
 * a field without one stops the service at start-up and fails the role-matrix test.
 */
import { allow, type AccessRules } from '@miw/auth';

export const rules: AccessRules = {
  Query: {
    myNotifications: allow.authenticated,
  },
};
