/** API keys of machine clients: created by their owner, shown once, revocable. */
import { requireUuid } from '@miw/service-kit';
import { createApiKey, listMyApiKeys, rateLimitOf, revokeApiKey, setApiKeyRateLimit } from '../services/api-keys';
import type { ApiKeyResolvers, MutationResolvers, QueryResolvers } from '../schema.generated';

export const ApiKeyQuery: QueryResolvers = {
  myApiKeys: (_, __, ctx) => listMyApiKeys(ctx),
};

export const ApiKeyMutation: MutationResolvers = {
  createApiKey: (_, { input }, ctx) => createApiKey(ctx, { name: input.name, scopes: input.scopes, rateLimit: input.rateLimit ?? null }),
  revokeApiKey: (_, { id }, ctx) => revokeApiKey(ctx, { id: requireUuid(id, 'id') }),
  setApiKeyRateLimit: (_, { input }, ctx) => setApiKeyRateLimit(ctx, { id: requireUuid(input.id, 'input.id'), rateLimit: input.rateLimit }),
};

export const ApiKey: ApiKeyResolvers = {
  rateLimit: (key) => rateLimitOf(key),
};
