/** Login codes and refresh tokens. Writes take the transaction they belong to. */
import type { AuthDb, AuthTx, User } from './db';

export interface LoginCodeRow {
  id: string;
  codeHash: string;
  attempts: number;
}

/** How many codes were requested for this email and from this address since `since`. */
export async function countRecentCodes(db: AuthDb, email: string, ip: string | null, since: Date): Promise<{ byEmail: number; byIp: number }> {
  const [byEmail, byIp] = await Promise.all([
    db.loginCode.count({ where: { email, createdAt: { gte: since } } }),
    ip ? db.loginCode.count({ where: { requestIp: ip, createdAt: { gte: since } } }) : Promise.resolve(0),
  ]);
  return { byEmail, byIp };
}

/** Stores a new code and retires every earlier live code of the email. */
export async function replaceLoginCode(tx: AuthTx, email: string, codeHash: string, expiresAt: Date, ip: string | null): Promise<void> {
  await tx.loginCode.updateMany({ where: { email, consumedAt: null }, data: { consumedAt: new Date() } });
  await tx.loginCode.create({ data: { email, codeHash, expiresAt, requestIp: ip } });
}

/** The live code of an email, locked for this transaction. */
export async function lockLiveCode(tx: AuthTx, email: string): Promise<LoginCodeRow | null> {
  const rows = await tx.$queryRaw<LoginCodeRow[]>`
    SELECT id, code_hash AS "codeHash", attempts FROM auth.login_code
     WHERE email = ${email} AND consumed_at IS NULL AND expires_at > now()
     ORDER BY created_at DESC LIMIT 1 FOR UPDATE`;
  return rows[0] ?? null;
}

/** Counts a wrong attempt; the code dies at `max`. */
export async function recordFailedAttempt(tx: AuthTx, id: string, max: number): Promise<void> {
  await tx.$executeRaw`UPDATE auth.login_code SET attempts = attempts + 1, consumed_at = CASE WHEN attempts + 1 >= ${max} THEN now() ELSE consumed_at END WHERE id = ${id}::uuid`;
}

export async function consumeCode(tx: AuthTx, id: string): Promise<void> {
  await tx.loginCode.update({ where: { id }, data: { consumedAt: new Date() } });
}

/** The user unless their organization was deactivated (its members cannot sign in or refresh). */
async function withLiveOrganization(tx: AuthTx, user: User | null): Promise<User | null> {
  if (!user?.organizationId) return user;
  return (await tx.organization.findFirst({ where: { id: user.organizationId, deletedAt: null }, select: { id: true } })) ? user : null;
}

/** An active user who may sign in: not deactivated, and their organization (if any) not either. */
export async function findLiveUserByEmail(tx: AuthTx, email: string): Promise<User | null> {
  return withLiveOrganization(tx, await tx.user.findFirst({ where: { email, deletedAt: null } }));
}

export async function findLiveUser(tx: AuthTx, id: string): Promise<User | null> {
  return withLiveOrganization(tx, await tx.user.findFirst({ where: { id, deletedAt: null } }));
}

/** Revokes the refresh tokens of several users at once (an organization's members). */
export async function revokeAllOfUsers(tx: AuthTx, userIds: string[]): Promise<number> {
  if (userIds.length === 0) return 0;
  return (await tx.refreshToken.updateMany({ where: { userId: { in: userIds }, revokedAt: null }, data: { revokedAt: new Date() } })).count;
}

/** Forgets the login codes of an email (erasure: the rows hold the address). */
export async function deleteLoginCodesOf(tx: AuthTx, email: string): Promise<void> {
  await tx.loginCode.deleteMany({ where: { email } });
}

export async function insertRefreshToken(tx: AuthTx, data: { userId: string; familyId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
  await tx.refreshToken.create({ data });
}

export interface RefreshTokenRow {
  id: string;
  userId: string;
  familyId: string;
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

export async function lockRefreshToken(tx: AuthTx, tokenHash: string): Promise<RefreshTokenRow | null> {
  const rows = await tx.$queryRaw<RefreshTokenRow[]>`
    SELECT id, user_id AS "userId", family_id AS "familyId", expires_at AS "expiresAt", rotated_at AS "rotatedAt", revoked_at AS "revokedAt"
      FROM auth.refresh_token WHERE token_hash = ${tokenHash} FOR UPDATE`;
  return rows[0] ?? null;
}

export async function markRotated(tx: AuthTx, id: string): Promise<void> {
  await tx.refreshToken.update({ where: { id }, data: { rotatedAt: new Date() } });
}

export async function revokeFamily(tx: AuthTx | AuthDb, familyId: string): Promise<number> {
  return (await tx.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } })).count;
}

export async function revokeAllOfUser(db: AuthTx | AuthDb, userId: string): Promise<number> {
  return (await db.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } })).count;
}

export async function findRefreshFamily(db: AuthDb, tokenHash: string): Promise<string | null> {
  return (await db.refreshToken.findUnique({ where: { tokenHash }, select: { familyId: true } }))?.familyId ?? null;
}
