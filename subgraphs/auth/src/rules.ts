/**
 * Who may use each root field of the auth subgraph. Every Query and Mutation field needs a rule:
 * a field without one stops the service at start-up and fails the role-matrix test.
 */
import { allow, type AccessRules } from '@miw/auth';

export const rules: AccessRules = {
  Query: {
    me: allow.public,
    users: allow.roles('ADMIN'),
    syncStatus: allow.roles('ADMIN'),
    myApiKeys: allow.authenticated,
  },
  Mutation: {
    requestLoginCode: allow.public,
    verifyLoginCode: allow.public,
    refreshSession: allow.public,
    logout: allow.public,
    logoutEverywhere: allow.authenticated,
    createUser: allow.roles('ADMIN'),
    updateUser: allow.roles('ADMIN'),
    deactivateUser: allow.roles('ADMIN'),
    createOrganization: allow.roles('ADMIN'),
    // Machine clients of partners and 3PL firms (and admins' own tooling).
    createApiKey: allow.roles('ADMIN', 'PARTNER', 'LOGISTICS'),
    // Row level (in the resolver): own keys, or any key for admins.
    revokeApiKey: allow.authenticated,
  },
};
