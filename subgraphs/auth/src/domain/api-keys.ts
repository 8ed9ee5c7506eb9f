/** API key format and hashing, pure. A key: `miw_` + 40 random base64url characters. */
import { createHmac, randomBytes } from 'node:crypto';
import { API_KEY_SCOPES } from '@miw/auth';

export const newApiKey = (): string => `miw_${randomBytes(30).toString('base64url')}`;
/** Keyed hash (HMAC-SHA-256 with API_KEY_SECRET): a copied table alone does not let anyone test guesses. */
export const hashApiKey = (key: string, secret: string): string => createHmac('sha256', secret).update(key).digest('base64url');
export const isPlausibleApiKey = (key: string): boolean => /^miw_[A-Za-z0-9_-]{40}$/.test(key);
/** What listings show of a key. */
export const keyPrefix = (key: string): string => key.slice(0, 10);

export function checkScopes(scopes: string[]): string | null {
  if (scopes.length === 0) return 'give at least one scope';
  const unknown = scopes.filter((s) => !(API_KEY_SCOPES as readonly string[]).includes(s));
  return unknown.length ? `unknown scopes: ${unknown.join(', ')} (use ${API_KEY_SCOPES.join(', ')})` : null;
}

/** An API key's own rate limits: requests a minute and an hour (null: the gateway's defaults). */
export interface KeyRateLimit {
  perMinute: number | null;
  perHour: number | null;
}

/** What any key may be given (the table's CHECK constraints hold the same bounds). */
const API_KEY_RATE_LIMIT_MAX: Record<keyof KeyRateLimit, number> = { perMinute: 100_000, perHour: 10_000_000 };

/**
 * What a key's owner may set without an admin: at most the standard budgets (the gateway's
 * defaults), so a partner can slow its own integration down but only an admin can speed it up.
 */
const API_KEY_RATE_LIMIT_SELF_SERVICE: Record<keyof KeyRateLimit, number> = { perMinute: 100, perHour: 10_000 };

type RateLimitProblem = { kind: 'out_of_bounds' | 'admin_only'; part: keyof KeyRateLimit; message: string };

/** The first problem with requested limits, or null: bounds for everyone, the self-service cap for non-admins. */
export function checkKeyRateLimit(limit: KeyRateLimit, byAdmin: boolean): RateLimitProblem | null {
  for (const part of ['perMinute', 'perHour'] as const) {
    const value = limit[part];
    if (value === null) continue;
    const max = API_KEY_RATE_LIMIT_MAX[part];
    if (!Number.isInteger(value) || value < 1 || value > max) return { kind: 'out_of_bounds', part, message: `${part} must be between 1 and ${max}` };
    const cap = API_KEY_RATE_LIMIT_SELF_SERVICE[part];
    if (!byAdmin && value > cap) return { kind: 'admin_only', part, message: `only an admin can raise ${part} above ${cap}` };
  }
  return null;
}
