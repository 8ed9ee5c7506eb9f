/**
 * Sessions: an access token (JWT, 15 minutes) and a refresh token rotated on every use. All
 * refresh tokens of one login share a family; a rotated token presented again revokes the family.
 * A bad refresh token is an authentication failure (thrown UNAUTHENTICATED).
 */
import { signAccessToken, unauthenticated, type KeySet, type TokenSettings, type UserViewer, type Viewer } from '@miw/auth';
import type { RegionCode } from '@miw/contracts';
import type { Logger } from '@miw/logging';
import type { AuthDb, AuthTx, User } from '../data/db';
import { findLiveUser, findRefreshFamily, insertRefreshToken, lockRefreshToken, markRotated, revokeAllOfUser, revokeFamily } from '../data/sessions';
import { hashRefreshToken, isPlausibleRefreshToken, judgeRefreshToken, newRefreshToken, refreshTokenExpiry } from '../domain/login';

/** The keys and secrets of this service's credentials (set up once by createApp). */
export interface Credentials {
  /** The access-token key set, with private keys (this service signs). */
  keys: KeySet;
  tokenSettings: TokenSettings;
  /** HMAC key of login codes. */
  codeSecret: string;
  /** Seals codes for the notify service, which delivers them. */
  sealSecret: string;
  /** HMAC key of stored API-key hashes. */
  apiKeySecret: string;
}

export interface SessionDeps {
  db: AuthDb;
  region: RegionCode;
  logger: Logger;
  credentials: Credentials;
}

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: User;
}

/** Signs an access token for `user` and stores a new refresh token of `familyId`, in `tx`. */
export async function issueSession(tx: AuthTx, { region, credentials }: Pick<SessionDeps, 'region' | 'credentials'>, user: User, familyId: string, now: Date): Promise<Session> {
  const viewer: UserViewer = { kind: 'user', userId: user.id, role: user.role, organizationId: user.organizationId, region, scopes: [] };
  const { token, expiresAt } = await signAccessToken(credentials.keys, viewer, credentials.tokenSettings);
  const refreshToken = newRefreshToken();
  const refreshTokenExpiresAt = refreshTokenExpiry(now);
  await insertRefreshToken(tx, { userId: user.id, familyId, tokenHash: hashRefreshToken(refreshToken), expiresAt: refreshTokenExpiresAt });
  return { accessToken: token, accessTokenExpiresAt: expiresAt, refreshToken, refreshTokenExpiresAt, user };
}

const REJECTED = 'Refresh token rejected';

/** Rotates the refresh token. A rotated token presented again revokes its whole family. */
export async function refreshSession(deps: SessionDeps, input: { refreshToken: string }): Promise<Session> {
  if (!isPlausibleRefreshToken(input.refreshToken)) throw unauthenticated(REJECTED);
  const now = new Date();
  const outcome = await deps.db.$transaction(async (tx) => {
    const row = await lockRefreshToken(tx, hashRefreshToken(input.refreshToken));
    const verdict = judgeRefreshToken(row, now);
    if (!row || verdict === 'rejected') return { error: REJECTED } as const;
    if (verdict === 'reused') {
      const revoked = await revokeFamily(tx, row.familyId);
      deps.logger.warn({ familyId: row.familyId, userId: row.userId, revoked }, 'refresh token reused: session family revoked');
      return { error: 'Refresh token was already used; every session of this login is revoked' } as const;
    }
    const user = await findLiveUser(tx, row.userId);
    if (!user) {
      await revokeFamily(tx, row.familyId);
      return { error: REJECTED } as const;
    }
    await markRotated(tx, row.id);
    return { session: await issueSession(tx, deps, user, row.familyId, now) } as const;
  });
  if ('error' in outcome) throw unauthenticated(outcome.error);
  return outcome.session;
}

/** Ends the session of this refresh token (its whole family). Answers the same for unknown tokens. */
export async function logout({ db }: Pick<SessionDeps, 'db'>, input: { refreshToken: string }): Promise<number> {
  if (!isPlausibleRefreshToken(input.refreshToken)) return 0;
  const family = await findRefreshFamily(db, hashRefreshToken(input.refreshToken));
  return family ? revokeFamily(db, family) : 0;
}

/** Ends every session of the signed-in user. */
export async function logoutEverywhere({ db, viewer }: { db: AuthDb; viewer: Viewer }): Promise<number> {
  if (!viewer) throw unauthenticated();
  return revokeAllOfUser(db, viewer.userId);
}
