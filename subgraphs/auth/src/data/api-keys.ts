/** API keys. */
import type { AuthDb, AuthTx } from './db';

export const insertApiKey = (
  db: AuthDb | AuthTx,
  data: { userId: string; name: string; prefix: string; keyHash: string; scopes: string[]; rateLimitPerMinute: number | null; rateLimitPerHour: number | null },
) => db.apiKey.create({ data });

export const listApiKeys = (db: AuthDb, userId: string) => db.apiKey.findMany({ where: { userId }, orderBy: { createdAt: 'desc' }, take: 100 });

export const findApiKey = (db: AuthDb, id: string) => db.apiKey.findUnique({ where: { id } });

export const setApiKeyRateLimitRow = (db: AuthDb | AuthTx, id: string, data: { rateLimitPerMinute: number | null; rateLimitPerHour: number | null }) => db.apiKey.update({ where: { id }, data });

export const revokeApiKeyRow = (db: AuthDb | AuthTx, id: string) => db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });

/** Revokes every live key of these users (deactivation, erasure, an organization's deactivation). */
export async function revokeAllApiKeysOf(tx: AuthTx | AuthDb, userIds: string[]): Promise<number> {
  if (userIds.length === 0) return 0;
  return (await tx.apiKey.updateMany({ where: { userId: { in: userIds }, revokedAt: null }, data: { revokedAt: new Date() } })).count;
}

/** The live key with this hash and its owner, if both are active and the owner's organization too. */
export async function findActiveKey(db: AuthDb, keyHash: string) {
  const key = await db.apiKey.findUnique({ where: { keyHash } });
  if (!key || key.revokedAt) return null;
  const owner = await db.user.findFirst({ where: { id: key.userId, deletedAt: null } });
  if (!owner) return null;
  if (owner.organizationId && !(await db.organization.findFirst({ where: { id: owner.organizationId, deletedAt: null }, select: { id: true } }))) return null;
  return { key, owner };
}

/** Records use, at most once a minute per key (no write on every request). */
export const touchApiKey = (db: AuthDb, id: string) =>
  db.apiKey.updateMany({ where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(Date.now() - 60_000) } }] }, data: { lastUsedAt: new Date() } });
