/**
 * Passwordless login: a 6-digit code, mailed by the notify service of this region, exchanged for
 * a session. Expected failures of a login attempt are returned (AuthError payload errors); a
 * malformed email is a bad request and a flood of requests is RATE_LIMITED (thrown).
 */
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { seal } from '@miw/auth';
import { ErrorCode } from '@miw/contracts';
import { writeOutbox } from '@miw/events';
import { userInputError } from '@miw/service-kit';
import { consumeCode, countRecentCodes, findLiveUserByEmail, lockLiveCode, recordFailedAttempt, replaceLoginCode } from '../data/sessions';
import {
  hashLoginCode,
  isPlausibleLoginCode,
  LOGIN_CODE_MAX_ATTEMPTS,
  LOGIN_CODE_TTL_SECONDS,
  loginCodeExpiry,
  newLoginCode,
  normalizeEmail,
  overCodeLimit,
  RATE_WINDOW_SECONDS,
  rateWindowStart,
  sameHash,
} from '../domain/login';
import { lockNewestInvitationOf } from '../data/invitations';
import { invitationAtLogin } from '../domain/accounts';
import { loginCodeEvent } from '../events/auth-events';
import { acceptInvitation } from './invitations';
import type { AuthErrorCode } from '../schema.generated';
import { issueSession, type Session, type SessionDeps } from './sessions';

export interface LoginDeps extends SessionDeps {
  correlationId: string;
  /** The client's address as the gateway saw it (rate limits). */
  clientIp: string | null;
}

export type LoginResult = { session: Session; errors: [] } | { session: null; errors: { code: AuthErrorCode; message: string }[] };

const INVALID: LoginResult = { session: null, errors: [{ code: 'INVALID_CODE', message: 'The code is wrong, expired or used up; request a new one' }] };
const INVITATION_EXPIRED: LoginResult = { session: null, errors: [{ code: 'INVITATION_EXPIRED', message: 'Your invitation expired before you first signed in; ask to be invited again' }] };

const rateLimited = (retryAfterSeconds: number) =>
  new GraphQLError('Too many login codes requested; try again later', { extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds } });

/** Throws RATE_LIMITED when one more code for this email or from this address would pass the limit. */
export async function checkLoginCodeLimit({ db, clientIp }: Pick<LoginDeps, 'db' | 'clientIp'>, email: string, now = new Date()): Promise<void> {
  if (overCodeLimit(await countRecentCodes(db, email, clientIp, rateWindowStart(now)))) throw rateLimited(RATE_WINDOW_SECONDS);
}

/** Same answer whether or not the email has an account; rate limited per email and per address. */
export async function requestLoginCode(deps: LoginDeps, input: { email: string }): Promise<{ expiresInSeconds: number }> {
  const { db, region, credentials, correlationId, clientIp: ip } = deps;
  const email = normalizeEmail(input.email);
  if (!email) throw userInputError('email is not a valid email address', { field: 'input.email' });
  const now = new Date();
  await checkLoginCodeLimit(deps, email, now);
  const code = newLoginCode();
  const expiresAt = loginCodeExpiry(now);
  const owner = await db.$transaction(async (tx) => {
    await replaceLoginCode(tx, email, hashLoginCode(credentials.codeSecret, email, code), expiresAt, ip);
    const user = await findLiveUserByEmail(tx, email);
    // Delivery goes through the notify service (in this region only), sealed: the topic never holds a readable code.
    if (user) await writeOutbox(tx, 'auth', [loginCodeEvent(user, { sealedCode: seal(credentials.sealSecret, code), expiresAt, issuedAt: now }, { region, correlationId })]);
    return user;
  });
  deps.logger.info({ known: Boolean(owner) }, 'login code requested');
  return { expiresInSeconds: LOGIN_CODE_TTL_SECONDS };
}

/** Exchanges the live code of the email for a session (a new refresh-token family). */
export async function verifyLoginCode(deps: SessionDeps & { correlationId: string }, input: { email: string; code: string }): Promise<LoginResult> {
  const email = normalizeEmail(input.email);
  if (!email || !isPlausibleLoginCode(input.code)) return INVALID;
  return deps.db.$transaction(async (tx) => {
    const live = await lockLiveCode(tx, email);
    if (!live) return INVALID;
    if (!sameHash(live.codeHash, hashLoginCode(deps.credentials.codeSecret, email, input.code))) {
      await recordFailedAttempt(tx, live.id, LOGIN_CODE_MAX_ATTEMPTS);
      return INVALID;
    }
    await consumeCode(tx, live.id);
    const user = await findLiveUserByEmail(tx, email);
    if (!user) return INVALID;
    const now = new Date();
    // An account made by an invitation: its first sign-in accepts it, unless it ran out first.
    const invitation = await lockNewestInvitationOf(tx, user.id);
    const decision = invitationAtLogin(invitation, now);
    if (decision === 'expired') return INVITATION_EXPIRED;
    if (decision === 'accept' && invitation) await acceptInvitation(tx, deps, invitation, user);
    return { session: await issueSession(tx, deps, user, randomUUID(), now), errors: [] };
  });
}
