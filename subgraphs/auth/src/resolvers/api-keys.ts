/** API keys of machine clients: created by their owner, shown once, revocable. */
import { requireUuid } from '@miw/service-kit';
import { createApiKey, listMyApiKeys, revokeApiKey } from '../services/api-keys';
import type { MutationResolvers, QueryResolvers } from '../schema.generated';

export const ApiKeyQuery: QueryResolvers = {
  myApiKeys: (_, __, ctx) => listMyApiKeys(ctx),
};

export const ApiKeyMutation: MutationResolvers = {
  createApiKey: (_, { input }, ctx) => createApiKey(ctx, { name: input.name, scopes: input.scopes }),
  revokeApiKey: (_, { id }, ctx) => revokeApiKey(ctx, { id: requireUuid(id, 'id') }),
};
