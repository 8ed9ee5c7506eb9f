/**
 * Access tokens (ES256 JWTs issued by the auth service, verified at the gateway) and the internal
 * token (HS256, signed by the gateway per request, verified by every subgraph: subgraphs trust no
 * network, only a gateway that knows the internal secret).
 */
import { createHash, createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { ACCESS_TOKEN_ALG, type KeySet } from './keys';
import { isRole, type UserViewer, type Viewer } from './viewer';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const INTERNAL_HEADER = 'x-miw-internal';

export interface TokenSettings {
  issuer: string;
  audience: string;
}

export const DEFAULT_TOKEN_SETTINGS: TokenSettings = { issuer: 'https://auth.madeinworld.dev', audience: 'madeinworld-api' };

export async function signAccessToken(keys: KeySet, viewer: UserViewer, settings: TokenSettings = DEFAULT_TOKEN_SETTINGS, ttlSeconds = ACCESS_TOKEN_TTL_SECONDS): Promise<{ token: string; expiresAt: Date }> {
  // Read once: the signing key is chosen by activation time on every read (staged rotation).
  const signing = keys.signing;
  if (!signing) throw new Error('this key set cannot sign (no private key)');
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ role: viewer.role, org: viewer.organizationId, region: viewer.region, scope: viewer.scopes.join(' ') })
    .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, kid: signing.kid, typ: 'at+jwt' })
    .setSubject(viewer.userId)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .setJti(randomUUID())
    .sign(signing.key);
  return { token, expiresAt: new Date((now + ttlSeconds) * 1000) };
}

export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

/** Verifies an access token: ES256 only (no `none`, no HS/RS confusion), known kid, iss, aud, exp. */
export async function verifyAccessToken(keys: KeySet, token: string, settings: TokenSettings = DEFAULT_TOKEN_SETTINGS): Promise<UserViewer> {
  if (token.length > 4096) throw new InvalidTokenError('token too long');
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const key = header.kid ? keys.verify.get(header.kid) : undefined;
        if (!key) throw new InvalidTokenError('unknown signing key');
        return key;
      },
      { algorithms: [ACCESS_TOKEN_ALG], issuer: settings.issuer, audience: settings.audience, requiredClaims: ['sub', 'exp', 'iat'] },
    );
    if (!isRole(payload.role)) throw new InvalidTokenError('token has no valid role');
    if (payload.region !== 'eu' && payload.region !== 'cn') throw new InvalidTokenError('token has no valid region');
    return {
      kind: 'user',
      userId: payload.sub!,
      role: payload.role,
      organizationId: typeof payload.org === 'string' ? payload.org : null,
      region: payload.region,
      scopes: typeof payload.scope === 'string' && payload.scope ? payload.scope.split(' ') : [],
    };
  } catch (error) {
    if (error instanceof InvalidTokenError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new InvalidTokenError('token expired');
    throw new InvalidTokenError('token is invalid');
  }
}

/**
 * The HMAC key of a secret, derived once per secret as a KeyObject (every request signs or
 * verifies with it; raw bytes would be imported again on every call).
 */
const secretKeys = new Map<string, KeyObject>();
function secretKey(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) secretKeys.set(secret, (key = createSecretKey(createHash('sha256').update(secret).digest())));
  return key;
}

/** The gateway's assertion of who the caller is (and from which address), valid for one minute. */
export async function signInternalToken(secret: string, viewer: Viewer, correlationId: string, clientIp: string | null = null): Promise<string> {
  return new SignJWT({ v: viewer, cid: correlationId, ip: clientIp })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('miw-gateway')
    .setAudience('miw-subgraph')
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(secretKey(secret));
}

export async function verifyInternalToken(secret: string, token: string): Promise<{ viewer: Viewer; correlationId: string | null; clientIp: string | null }> {
  try {
    const { payload } = await jwtVerify(token, secretKey(secret), { algorithms: ['HS256'], issuer: 'miw-gateway', audience: 'miw-subgraph' });
    const v = payload.v as Viewer | undefined;
    if (v !== null && (typeof v !== 'object' || v?.kind !== 'user' || !isRole(v.role))) throw new Error('bad viewer');
    return { viewer: v ?? null, correlationId: typeof payload.cid === 'string' ? payload.cid : null, clientIp: typeof payload.ip === 'string' ? payload.ip : null };
  } catch {
    throw new InvalidTokenError('internal token is invalid');
  }
}
