/** API keys. */
import type { AuthDb } from './db';

export const insertApiKey = (db: AuthDb, data: { userId: string; name: string; prefix: string; keyHash: string; scopes: string[] }) => db.apiKey.create({ data });

export const listApiKeys = (db: AuthDb, userId: string) => db.apiKey.findMany({ where: { userId }, orderBy: { createdAt: 'desc' }, take: 100 });

export const findApiKey = (db: AuthDb, id: string) => db.apiKey.findUnique({ where: { id } });

export const revokeApiKeyRow = (db: AuthDb, id: string) => db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });

/** The live key with this hash and its owner, if both are active. */
export async function findActiveKey(db: AuthDb, keyHash: string) {
  const key = await db.apiKey.findUnique({ where: { keyHash } });
  if (!key || key.revokedAt) return null;
  const owner = await db.user.findFirst({ where: { id: key.userId, deletedAt: null } });
  return owner ? { key, owner } : null;
}

/** Records use, at most once a minute per key (no write on every request). */
export const touchApiKey = (db: AuthDb, id: string) =>
  db.apiKey.updateMany({ where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(Date.now() - 60_000) } }] }, data: { lastUsedAt: new Date() } });
