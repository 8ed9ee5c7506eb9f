/**
 * The login and session flows. Resolvers call these; all database work is in ../data.
 * Expected failures of a login attempt are returned (typed payload errors); a bad refresh token
 * is an authentication failure and throws UNAUTHENTICATED.
 */
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { seal, signAccessToken, unauthenticated, type KeySet, type TokenSettings, type UserViewer } from '@miw/auth';
import { writeOutbox } from '@miw/events';
import type { Logger } from '@miw/logging';
import type { AuthDb, User } from '../data/db';
import { loginCodeEvent } from '../events/auth-events';
import {
  consumeCode,
  countRecentCodes,
  findLiveUserByEmail,
  findRefreshFamily,
  insertRefreshToken,
  lockLiveCode,
  lockRefreshToken,
  markRotated,
  recordFailedAttempt,
  replaceLoginCode,
  revokeAllOfUser,
  revokeFamily,
} from '../data/sessions';
import {
  CODES_PER_EMAIL,
  CODES_PER_IP,
  hashLoginCode,
  hashRefreshToken,
  isPlausibleRefreshToken,
  LOGIN_CODE_MAX_ATTEMPTS,
  LOGIN_CODE_TTL_SECONDS,
  newLoginCode,
  newRefreshToken,
  normalizeEmail,
  RATE_WINDOW_SECONDS,
  REFRESH_TOKEN_TTL_SECONDS,
  sameHash,
} from './login';

export interface IdentityDeps {
  db: AuthDb;
  keys: KeySet;
  tokenSettings: TokenSettings;
  region: 'eu' | 'cn';
  /** HMAC key of login codes. */
  codeSecret: string;
  /** Seals codes for the notify service, which delivers them (see loginCodeEvent). */
  sealSecret: string;
  logger: Logger;
}

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: User;
}

export type LoginResult = { session: Session; errors: [] } | { session: null; errors: { code: 'INVALID_CODE'; message: string }[] };

const rateLimited = (retryAfterSeconds: number) =>
  new GraphQLError('Too many login codes requested; try again later', { extensions: { code: 'RATE_LIMITED', retryAfterSeconds } });

const INVALID = { session: null, errors: [{ code: 'INVALID_CODE' as const, message: 'The code is wrong, expired or used up; request a new one' }] };

export function createIdentity(deps: IdentityDeps) {
  const { db, keys, tokenSettings, region, codeSecret, sealSecret, logger } = deps;

  async function issueSession(tx: Parameters<Parameters<AuthDb['$transaction']>[0]>[0], user: User, familyId: string): Promise<Session> {
    const viewer: UserViewer = { kind: 'user', userId: user.id, role: user.role, organizationId: user.organizationId, region, scopes: [] };
    const { token, expiresAt } = await signAccessToken(keys, viewer, tokenSettings);
    const refreshToken = newRefreshToken();
    const refreshTokenExpiresAt = new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000);
    await insertRefreshToken(tx, { userId: user.id, familyId, tokenHash: hashRefreshToken(refreshToken), expiresAt: refreshTokenExpiresAt });
    return { accessToken: token, accessTokenExpiresAt: expiresAt, refreshToken, refreshTokenExpiresAt, user };
  }

  return {
    /** Same answer whether or not the email has an account; rate limited per email and per address. */
    async requestLoginCode(input: string, ip: string | null, correlationId: string): Promise<{ expiresInSeconds: number }> {
      const email = normalizeEmail(input);
      if (!email) throw new GraphQLError('email is not a valid email address', { extensions: { code: 'BAD_USER_INPUT', field: 'input.email' } });
      const recent = await countRecentCodes(db, email, ip, new Date(Date.now() - RATE_WINDOW_SECONDS * 1000));
      if (recent.byEmail >= CODES_PER_EMAIL || recent.byIp >= CODES_PER_IP) throw rateLimited(RATE_WINDOW_SECONDS);
      const code = newLoginCode();
      const expiresAt = new Date(Date.now() + LOGIN_CODE_TTL_SECONDS * 1000);
      const user = await db.$transaction(async (tx) => {
        await replaceLoginCode(tx, email, hashLoginCode(codeSecret, email, code), expiresAt, ip);
        const owner = await findLiveUserByEmail(tx, email);
        // Delivery goes through the notify service (in this region only), sealed: the topic never holds a readable code.
        if (owner) await writeOutbox(tx, 'auth', [loginCodeEvent(owner, seal(sealSecret, code), expiresAt, region, correlationId)]);
        return owner;
      });
      logger.info({ known: Boolean(user) }, 'login code requested');
      return { expiresInSeconds: LOGIN_CODE_TTL_SECONDS };
    },

    async verifyLoginCode(input: string, code: string): Promise<LoginResult> {
      const email = normalizeEmail(input);
      if (!email || !/^\d{6}$/.test(code)) return INVALID;
      return db.$transaction(async (tx) => {
        const live = await lockLiveCode(tx, email);
        if (!live) return INVALID;
        if (!sameHash(live.codeHash, hashLoginCode(codeSecret, email, code))) {
          await recordFailedAttempt(tx, live.id, LOGIN_CODE_MAX_ATTEMPTS);
          return INVALID;
        }
        await consumeCode(tx, live.id);
        const user = await findLiveUserByEmail(tx, email);
        if (!user) return INVALID;
        return { session: await issueSession(tx, user, randomUUID()), errors: [] as [] };
      });
    },

    /** Rotates the refresh token. A rotated token presented again revokes its whole family. */
    async refreshSession(refreshToken: string): Promise<Session> {
      if (!isPlausibleRefreshToken(refreshToken)) throw unauthenticated('Refresh token rejected');
      const outcome = await db.$transaction(async (tx) => {
        const row = await lockRefreshToken(tx, hashRefreshToken(refreshToken));
        if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) return { error: 'Refresh token rejected' } as const;
        if (row.rotatedAt) {
          const revoked = await revokeFamily(tx, row.familyId);
          logger.warn({ familyId: row.familyId, userId: row.userId, revoked }, 'refresh token reused: session family revoked');
          return { error: 'Refresh token was already used; every session of this login is revoked' } as const;
        }
        const user = await tx.user.findFirst({ where: { id: row.userId, deletedAt: null } });
        if (!user) {
          await revokeFamily(tx, row.familyId);
          return { error: 'Refresh token rejected' } as const;
        }
        await markRotated(tx, row.id);
        return { session: await issueSession(tx, user, row.familyId) } as const;
      });
      if ('error' in outcome) throw unauthenticated(outcome.error);
      return outcome.session;
    },

    /** Ends the session of this refresh token (its whole family). Answers the same for unknown tokens. */
    async logout(refreshToken: string): Promise<number> {
      if (!isPlausibleRefreshToken(refreshToken)) return 0;
      const family = await findRefreshFamily(db, hashRefreshToken(refreshToken));
      return family ? revokeFamily(db, family) : 0;
    },

    logoutEverywhere: (userId: string): Promise<number> => revokeAllOfUser(db, userId),
  };
}

export type Identity = ReturnType<typeof createIdentity>;
