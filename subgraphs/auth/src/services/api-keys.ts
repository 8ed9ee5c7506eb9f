/**
 * API keys of machine clients: created by their owner, shown once, revocable; verified for the
 * gateway (see ../internal.ts). Only a keyed hash of a key is stored (HMAC under API_KEY_SECRET).
 */
import { forbidden, unauthenticated, type UserViewer, type Viewer } from '@miw/auth';
import type { RegionCode } from '@miw/contracts';
import type { Logger } from '@miw/logging';
import { userInputError } from '@miw/service-kit';
import { findActiveKey, findApiKey, insertApiKey, listApiKeys, revokeApiKeyRow, setApiKeyRateLimitRow, touchApiKey } from '../data/api-keys';
import type { ApiKey, AuthDb } from '../data/db';
import { checkKeyRateLimit, checkScopes, hashApiKey, isPlausibleApiKey, keyPrefix, newApiKey, type KeyRateLimit } from '../domain/api-keys';
import { checkName, type FieldError } from '../domain/users';
import { recordAudit } from './audit';
import type { Credentials } from './sessions';

export interface ApiKeyDeps {
  db: AuthDb;
  viewer: Viewer;
  region: RegionCode;
  correlationId: string;
  logger: Logger;
  credentials: Pick<Credentials, 'apiKeySecret'>;
}

/** The audited state of a key: never its hash. */
const auditedKey = (k: ApiKey) => ({
  id: k.id,
  userId: k.userId,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  rateLimitPerMinute: k.rateLimitPerMinute,
  rateLimitPerHour: k.rateLimitPerHour,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

/** A key's own rate limits as the API shows them. */
export const rateLimitOf = (k: ApiKey): KeyRateLimit => ({ perMinute: k.rateLimitPerMinute, perHour: k.rateLimitPerHour });

/**
 * Requested limits (`field`: the input path), checked: out of bounds is BAD_USER_INPUT; above the
 * standard budgets asked by a non-admin is FORBIDDEN.
 */
function checkedRateLimit(requested: Partial<KeyRateLimit> | null | undefined, viewer: UserViewer, field: string): KeyRateLimit {
  const limit = { perMinute: requested?.perMinute ?? null, perHour: requested?.perHour ?? null };
  const problem = checkKeyRateLimit(limit, viewer.role === 'ADMIN');
  if (problem?.kind === 'out_of_bounds') throw userInputError(`${field}.${problem.part}: ${problem.message}`, { field: `${field}.${problem.part}` });
  if (problem) throw forbidden(`${field}.${problem.part}: ${problem.message}`);
  return limit;
}

const viewerOf = (viewer: Viewer): UserViewer => {
  if (!viewer) throw unauthenticated();
  return viewer;
};

/** The signed-in user's keys, newest first. */
export const listMyApiKeys = ({ db, viewer }: Pick<ApiKeyDeps, 'db' | 'viewer'>): Promise<ApiKey[]> => listApiKeys(db, viewerOf(viewer).userId);

export type CreateApiKeyResult = { apiKey: ApiKey; key: string; errors: [] } | { apiKey: null; key: null; errors: FieldError[] };

/** A new key acting as the signed-in user; the secret is in the result once and never again. */
export async function createApiKey(deps: ApiKeyDeps, input: { name: string; scopes: string[]; rateLimit?: Partial<KeyRateLimit> | null }): Promise<CreateApiKeyResult> {
  const { db, viewer, logger, credentials } = deps;
  const owner = viewerOf(viewer);
  if (owner.apiKeyId) throw forbidden('API keys cannot create API keys');
  const rateLimit = checkedRateLimit(input.rateLimit, owner, 'input.rateLimit');
  const scopes = [...new Set(input.scopes)];
  const scopeProblem = checkScopes(scopes);
  const errors: FieldError[] = [...checkName(input.name, 'input.name'), ...(scopeProblem ? [{ code: 'INVALID' as const, field: 'input.scopes', message: scopeProblem }] : [])];
  if (errors.length) return { apiKey: null, key: null, errors };
  const key = newApiKey();
  const apiKey = await db.$transaction(async (tx) => {
    const row = await insertApiKey(tx, {
      userId: owner.userId,
      name: input.name.trim(),
      prefix: keyPrefix(key),
      keyHash: hashApiKey(key, credentials.apiKeySecret),
      scopes,
      rateLimitPerMinute: rateLimit.perMinute,
      rateLimitPerHour: rateLimit.perHour,
    });
    await recordAudit(tx, deps, { action: 'api_key.create', targetType: 'ApiKey', targetId: row.id, after: auditedKey(row) });
    return row;
  });
  logger.info({ apiKeyId: apiKey.id }, 'api key created');
  return { apiKey, key, errors: [] };
}

export type RevokeApiKeyResult = { apiKey: ApiKey; errors: [] } | { apiKey: null; errors: FieldError[] };

/** Revokes one of the viewer's keys (admins: any key). Revoking a revoked key answers it unchanged. */
export async function revokeApiKey(deps: Pick<ApiKeyDeps, 'db' | 'viewer' | 'region' | 'correlationId'>, input: { id: string }): Promise<RevokeApiKeyResult> {
  const { db, viewer } = deps;
  const revoker = viewerOf(viewer);
  const key = await findApiKey(db, input.id);
  // Another user's key looks exactly like a missing one (no probing of ids), except to admins.
  if (!key || (key.userId !== revoker.userId && revoker.role !== 'ADMIN')) return { apiKey: null, errors: [{ code: 'NOT_FOUND', field: 'id', message: 'no API key of yours has this id' }] };
  if (key.revokedAt) return { apiKey: key, errors: [] };
  const revoked = await db.$transaction(async (tx) => {
    const row = await revokeApiKeyRow(tx, key.id);
    await recordAudit(tx, deps, { action: 'api_key.revoke', targetType: 'ApiKey', targetId: row.id, before: auditedKey(key), after: auditedKey(row) });
    return row;
  });
  return { apiKey: revoked, errors: [] };
}

type SetApiKeyRateLimitResult = RevokeApiKeyResult;

/**
 * Sets one key's own rate limits (null: the gateway's defaults again); the owner may lower them,
 * admins set any key's within the bounds. The gateway applies them within 30 seconds (its cache).
 */
export async function setApiKeyRateLimit(deps: Pick<ApiKeyDeps, 'db' | 'viewer' | 'region' | 'correlationId'>, input: { id: string; rateLimit: Partial<KeyRateLimit> }): Promise<SetApiKeyRateLimitResult> {
  const { db } = deps;
  const setter = viewerOf(deps.viewer);
  if (setter.apiKeyId) throw forbidden('API keys cannot change API keys');
  const rateLimit = checkedRateLimit(input.rateLimit, setter, 'input.rateLimit');
  const key = await findApiKey(db, input.id);
  if (!key || (key.userId !== setter.userId && setter.role !== 'ADMIN')) return { apiKey: null, errors: [{ code: 'NOT_FOUND', field: 'input.id', message: 'no API key of yours has this id' }] };
  const updated = await db.$transaction(async (tx) => {
    const row = await setApiKeyRateLimitRow(tx, key.id, { rateLimitPerMinute: rateLimit.perMinute, rateLimitPerHour: rateLimit.perHour });
    await recordAudit(tx, deps, { action: 'api_key.set_rate_limit', targetType: 'ApiKey', targetId: row.id, before: auditedKey(key), after: auditedKey(row) });
    return row;
  });
  return { apiKey: updated, errors: [] };
}

/** What the gateway learns of a presented key: the viewer it stands for (its owner with the key's scopes) and its own rate limits. */
interface VerifiedApiKey {
  viewer: UserViewer;
  rateLimit: KeyRateLimit;
}

/** The viewer and rate limits of a presented key; null for a key that does not work. */
export async function verifyApiKey({ db, region, credentials }: { db: AuthDb; region: RegionCode; credentials: Pick<Credentials, 'apiKeySecret'> }, key: unknown): Promise<VerifiedApiKey | null> {
  if (typeof key !== 'string' || !isPlausibleApiKey(key)) return null;
  const found = await findActiveKey(db, hashApiKey(key, credentials.apiKeySecret));
  if (!found) return null;
  await touchApiKey(db, found.key.id);
  return {
    viewer: { kind: 'user', userId: found.owner.id, role: found.owner.role, organizationId: found.owner.organizationId, region, scopes: found.key.scopes, apiKeyId: found.key.id },
    rateLimit: rateLimitOf(found.key),
  };
}
