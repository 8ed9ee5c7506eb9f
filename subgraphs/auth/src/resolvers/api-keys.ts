/** API keys of machine clients: created by their owner, shown once, revocable. */
import { forbidden, unauthenticated } from '@miw/auth';
import { requireUuid } from '@miw/service-kit';
import type { AuthContext } from '../context';
import { findApiKey, insertApiKey, listApiKeys, revokeApiKeyRow } from '../data/api-keys';
import { checkScopes, hashApiKey, keyPrefix, newApiKey } from '../domain/api-keys';
import { checkName } from '../domain/users';

const viewerOf = (ctx: AuthContext) => {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
};

export const ApiKeyQuery = {
  myApiKeys: (_: unknown, __: unknown, ctx: AuthContext) => listApiKeys(ctx.db, viewerOf(ctx).userId),
};

export const ApiKeyMutation = {
  async createApiKey(_: unknown, { input }: { input: { name: string; scopes: string[] } }, ctx: AuthContext) {
    const viewer = viewerOf(ctx);
    if (viewer.apiKeyId) throw forbidden('API keys cannot create API keys');
    const scopes = [...new Set(input.scopes)];
    const scopeProblem = checkScopes(scopes);
    const errors = [...checkName(input.name, 'input.name'), ...(scopeProblem ? [{ code: 'INVALID' as const, field: 'input.scopes', message: scopeProblem }] : [])];
    if (errors.length) return { apiKey: null, key: null, errors };
    const key = newApiKey();
    const apiKey = await insertApiKey(ctx.db, { userId: viewer.userId, name: input.name.trim(), prefix: keyPrefix(key), keyHash: hashApiKey(key), scopes });
    ctx.logger.info({ apiKeyId: apiKey.id }, 'api key created');
    return { apiKey, key, errors: [] };
  },

  async revokeApiKey(_: unknown, { id: raw }: { id: string }, ctx: AuthContext) {
    const viewer = viewerOf(ctx);
    const key = await findApiKey(ctx.db, requireUuid(raw, 'id'));
    // Another user's key looks exactly like a missing one (no probing of ids), except to admins.
    if (!key || (key.userId !== viewer.userId && viewer.role !== 'ADMIN')) return { apiKey: null, errors: [{ code: 'NOT_FOUND', field: 'id', message: 'no API key of yours has this id' }] };
    return { apiKey: key.revokedAt ? key : await revokeApiKeyRow(ctx.db, key.id), errors: [] };
  },
};
