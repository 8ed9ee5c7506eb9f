/**
 * API keys of machine clients: created by their owner, shown once, revocable; verified for the
 * gateway (see ../internal.ts). Only a keyed hash of a key is stored (HMAC under API_KEY_SECRET).
 */
import { forbidden, unauthenticated, type UserViewer, type Viewer } from '@miw/auth';
import type { RegionCode } from '@miw/contracts';
import type { Logger } from '@miw/logging';
import { findActiveKey, findApiKey, insertApiKey, listApiKeys, revokeApiKeyRow, touchApiKey } from '../data/api-keys';
import type { ApiKey, AuthDb } from '../data/db';
import { checkScopes, hashApiKey, isPlausibleApiKey, keyPrefix, newApiKey } from '../domain/api-keys';
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
const auditedKey = (k: ApiKey) => ({ id: k.id, userId: k.userId, name: k.name, prefix: k.prefix, scopes: k.scopes, revokedAt: k.revokedAt?.toISOString() ?? null });

const viewerOf = (viewer: Viewer): UserViewer => {
  if (!viewer) throw unauthenticated();
  return viewer;
};

/** The signed-in user's keys, newest first. */
export const listMyApiKeys = ({ db, viewer }: Pick<ApiKeyDeps, 'db' | 'viewer'>): Promise<ApiKey[]> => listApiKeys(db, viewerOf(viewer).userId);

export type CreateApiKeyResult = { apiKey: ApiKey; key: string; errors: [] } | { apiKey: null; key: null; errors: FieldError[] };

/** A new key acting as the signed-in user; the secret is in the result once and never again. */
export async function createApiKey(deps: ApiKeyDeps, input: { name: string; scopes: string[] }): Promise<CreateApiKeyResult> {
  const { db, viewer, logger, credentials } = deps;
  const owner = viewerOf(viewer);
  if (owner.apiKeyId) throw forbidden('API keys cannot create API keys');
  const scopes = [...new Set(input.scopes)];
  const scopeProblem = checkScopes(scopes);
  const errors: FieldError[] = [...checkName(input.name, 'input.name'), ...(scopeProblem ? [{ code: 'INVALID' as const, field: 'input.scopes', message: scopeProblem }] : [])];
  if (errors.length) return { apiKey: null, key: null, errors };
  const key = newApiKey();
  const apiKey = await db.$transaction(async (tx) => {
    const row = await insertApiKey(tx, { userId: owner.userId, name: input.name.trim(), prefix: keyPrefix(key), keyHash: hashApiKey(key, credentials.apiKeySecret), scopes });
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

/** The viewer a presented key stands for (its owner with the key's scopes); null for a key that does not work. */
export async function verifyApiKey({ db, region, credentials }: { db: AuthDb; region: RegionCode; credentials: Pick<Credentials, 'apiKeySecret'> }, key: unknown): Promise<UserViewer | null> {
  if (typeof key !== 'string' || !isPlausibleApiKey(key)) return null;
  const found = await findActiveKey(db, hashApiKey(key, credentials.apiKeySecret));
  if (!found) return null;
  await touchApiKey(db, found.key.id);
  return { kind: 'user', userId: found.owner.id, role: found.owner.role, organizationId: found.owner.organizationId, region, scopes: found.key.scopes, apiKeyId: found.key.id };
}
