/**
 * What went wrong, as codes: thrown GraphQL errors carry `extensions.code`; expected failures come
 * back as payload `errors { code field message }`. Clients show `t('errors.<CODE>')`, never raw JSON.
 */
import { CombinedGraphQLErrors, ServerError } from '@apollo/client';

export interface PayloadError {
  code: string;
  field?: string | null;
  message?: string;
}

/** The codes of an Apollo error (GraphQL errors' `extensions.code`, NETWORK_ERROR for transport failures). */
export function errorCodes(error: unknown): string[] {
  if (!error) return [];
  if (CombinedGraphQLErrors.is(error)) {
    const codes = error.errors.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR'));
    return [...new Set(codes)];
  }
  if (ServerError.is(error)) {
    if (error.statusCode === 429) return ['RATE_LIMITED'];
    if (error.statusCode === 401) return ['UNAUTHENTICATED'];
    return ['SERVICE_UNAVAILABLE'];
  }
  return ['NETWORK_ERROR'];
}

/** One translatable key per problem: `errors.<CODE>`, the known ones first. */
export function errorKeys(error: unknown, payloadErrors: readonly PayloadError[] = []): string[] {
  const codes = [...payloadErrors.map((e) => e.code), ...errorCodes(error)];
  return [...new Set(codes)].map((code) => `errors.${code}`);
}
