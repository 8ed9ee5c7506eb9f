/** Authentication of a graphql-ws connection: once in connection_init, then re-checked for every event delivered. */
import { GraphQLError } from 'graphql';
import type { Viewer } from '@miw/auth';
import { ErrorCode } from '@miw/contracts';

/** Resolves the viewer of a credential (null: anonymous); throws when the credential is bad. */
export type Authenticate = (authorization: string | undefined, correlationId: string) => Promise<Viewer>;

/** Re-checks a connection's credential: an error once it is no longer valid, else null. */
export type CredentialCheck = () => Promise<GraphQLError | null>;

const unauthenticated = (message: string) => new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED } });

/** The `exp` claim of a JWT already verified by `authenticate` (seconds), or undefined. */
export function expiryOf(authorization: string): number | undefined {
  const payload = /^Bearer [^.]+\.([^.]+)\./.exec(authorization)?.[1];
  if (!payload) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

/** The `authorization` member of connection_init's payload, when it is a string. */
export function authorizationOf(connectionParams: Record<string, unknown> | undefined): string | undefined {
  const raw = connectionParams?.authorization;
  return typeof raw === 'string' ? raw : undefined;
}

/** The per-event check of a credential: JWT expiry; API keys re-verified (`authenticate` caches them 30 s). */
export function credentialCheck(authorization: string | undefined, correlationId: string, authenticate: Authenticate, now: () => number = Date.now): CredentialCheck {
  if (!authorization) return async () => null;
  const exp = expiryOf(authorization);
  if (exp !== undefined) return async () => (now() >= exp * 1000 ? unauthenticated('The access token expired; connect again with a fresh one') : null);
  return async () => {
    try {
      return (await authenticate(authorization, correlationId)) ? null : unauthenticated('The credential is no longer valid');
    } catch (error) {
      const code = (error as GraphQLError).extensions?.code;
      // The auth service not answering is not a revocation: keep streaming until it answers.
      return code === ErrorCode.UNAUTHENTICATED ? unauthenticated('The API key was revoked or is no longer valid') : null;
    }
  };
}
