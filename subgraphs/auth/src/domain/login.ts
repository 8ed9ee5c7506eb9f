/** Passwordless-login rules, pure: codes, hashing, limits. */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export const LOGIN_CODE_TTL_SECONDS = 10 * 60;
export const LOGIN_CODE_MAX_ATTEMPTS = 5;
/** Codes one email may request per window (whether or not it has an account). */
export const CODES_PER_EMAIL = 5;
/** Codes one client address may request per window. */
export const CODES_PER_IP = 20;
export const RATE_WINDOW_SECONDS = 10 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

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
