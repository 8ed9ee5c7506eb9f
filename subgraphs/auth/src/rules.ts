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
    organizations: allow.roles('ADMIN'),
    invitations: allow.roles('ADMIN'),
    auditLog: allow.roles('ADMIN'),
  },
  Mutation: {
    requestLoginCode: allow.public,
    verifyLoginCode: allow.public,
    refreshSession: allow.public,
    logout: allow.public,
    logoutEverywhere: allow.authenticated,
    // Shoppers sign themselves up; the answer never tells whether the email had an account.
    register: allow.public,
    updateMe: allow.authenticated,
    // Row level (in the service): only the signed-in person, never through an API key.
    deleteMe: allow.authenticated,
    createUser: allow.roles('ADMIN'),
    updateUser: allow.roles('ADMIN'),
    deactivateUser: allow.roles('ADMIN'),
    createOrganization: allow.roles('ADMIN'),
    updateOrganization: allow.roles('ADMIN'),
    deactivateOrganization: allow.roles('ADMIN'),
    inviteToOrganization: allow.roles('ADMIN'),
    revokeInvitation: allow.roles('ADMIN'),
    // Machine clients of partners and 3PL firms (and admins' own tooling).
    createApiKey: allow.roles('ADMIN', 'PARTNER', 'LOGISTICS'),
    // Row level (in the resolver): own keys, or any key for admins.
    revokeApiKey: allow.authenticated,
    // Row level (in the service): own keys (lowering only), or any key for admins.
    setApiKeyRateLimit: allow.roles('ADMIN', 'PARTNER', 'LOGISTICS'),
  },
};
