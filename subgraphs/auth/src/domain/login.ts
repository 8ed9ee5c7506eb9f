/** Passwordless-login rules, pure: codes, hashing, limits. */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export const LOGIN_CODE_TTL_SECONDS = 10 * 60;
export const LOGIN_CODE_MAX_ATTEMPTS = 5;
/** Codes one email may request per window (whether or not it has an account). */
const CODES_PER_EMAIL = 5;
/** Codes one client address may request per window. */
const CODES_PER_IP = 20;
export const RATE_WINDOW_SECONDS = 10 * 60;
const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]{2,63}$/;

/** Lower-cased and trimmed; null when it is not a plausible email address. */
export function normalizeEmail(input: string): string | null {
  const email = input.trim().toLowerCase();
  return email.length <= 254 && EMAIL.test(email) ? email : null;
}

/** A uniformly random 6-digit code. */
export const newLoginCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** HMAC of a code bound to its email: a leaked table does not give codes away cheaply. */
export function hashLoginCode(secret: string, email: string, code: string): string {
  return createHmac('sha256', secret).update(`${email}\n${code}`).digest('base64url');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A refresh token: 256 random bits. Only its SHA-256 is stored. */
export const newRefreshToken = (): string => randomBytes(32).toString('base64url');
export const hashRefreshToken = (token: string): string => createHash('sha256').update(token).digest('base64url');
export const isPlausibleRefreshToken = (token: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(token);

/** A code as the user types it: exactly six digits (anything else is refused without a lookup). */
export const isPlausibleLoginCode = (code: string): boolean => /^\d{6}$/.test(code);

/** Codes requested in the current window, per email and per client address. */
export interface RecentCodes {
  byEmail: number;
  byIp: number;
}

/** Whether one more code would pass the limit of the email or of the client address. */
export const overCodeLimit = (recent: RecentCodes): boolean => recent.byEmail >= CODES_PER_EMAIL || recent.byIp >= CODES_PER_IP;

/** The start of the rate-limit window ending at `now`. */
export const rateWindowStart = (now: Date): Date => new Date(now.getTime() - RATE_WINDOW_SECONDS * 1000);

export const loginCodeExpiry = (now: Date): Date => new Date(now.getTime() + LOGIN_CODE_TTL_SECONDS * 1000);
export const refreshTokenExpiry = (now: Date): Date => new Date(now.getTime() + REFRESH_TOKEN_TTL_SECONDS * 1000);

/**
 * What a presented refresh token is worth: `usable` once; `reused` when it was already exchanged
 * (a sign of theft: its whole family is revoked); `rejected` when unknown, revoked or expired.
 */
export type RefreshVerdict = 'usable' | 'reused' | 'rejected';

export function judgeRefreshToken(token: { expiresAt: Date; rotatedAt: Date | null; revokedAt: Date | null } | null, now: Date): RefreshVerdict {
  if (!token || token.revokedAt || token.expiresAt.getTime() <= now.getTime()) return 'rejected';
  return token.rotatedAt ? 'reused' : 'usable';
}
