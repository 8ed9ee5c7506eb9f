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
