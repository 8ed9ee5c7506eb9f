/**
 * Safelist mode: only registered operations run. The manifest lists operations by the SHA-256
 * of their text (the same hash automatic persisted queries use):
 *   { "operations": [ { "id": "<sha256 hex>", "name": "Products", "body": "query Products { ... }" } ] }
 * A client sends the full text, or only `extensions.persistedQuery.sha256Hash`; anything else is
 * refused with FORBIDDEN before parsing. Production switches it on for first-party clients with
 * SAFELIST_FILE; automatic persisted queries stay available either way.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RequestHandler } from 'express';
import { ErrorCode } from '@miw/contracts';

export interface SafelistManifest {
  operations: { id: string; name?: string; body: string }[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Whether the operation text `query` is in `safelist` (by the SHA-256 of its text). */
export const isSafelisted = (safelist: Map<string, string>, query: string) => safelist.has(sha256(query));

export function loadSafelist(file: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as SafelistManifest;
  const byId = new Map<string, string>();
  for (const op of manifest.operations ?? []) {
    if (sha256(op.body) !== op.id) throw new Error(`safelist ${file}: operation ${op.name ?? op.id} has an id that is not the SHA-256 of its body`);
    byId.set(op.id, op.body);
  }
  return byId;
}

function refuse(res: Parameters<RequestHandler>[1], message: string) {
  res.status(403).json({ errors: [{ message, extensions: { code: ErrorCode.FORBIDDEN, reason: 'OPERATION_NOT_SAFELISTED' } }] });
}

/** Express middleware (after the JSON body parser) enforcing the safelist. */
export function safelistMiddleware(safelist: Map<string, string>): RequestHandler {
  return (req, res, next) => {
    const source = (req.method === 'GET' ? req.query : req.body) as Record<string, unknown> | undefined;
    if (!source || typeof source !== 'object') return next();
    const query = typeof source.query === 'string' ? source.query : undefined;
    let extensions = source.extensions as { persistedQuery?: { sha256Hash?: unknown } } | string | undefined;
    if (typeof extensions === 'string') {
      try {
        extensions = JSON.parse(extensions) as { persistedQuery?: { sha256Hash?: unknown } };
      } catch {
        extensions = undefined;
      }
    }
    const hash = typeof extensions === 'object' ? extensions?.persistedQuery?.sha256Hash : undefined;
    if (query !== undefined) {
      if (!isSafelisted(safelist, query)) return refuse(res, 'This operation is not in the safelist');
      return next();
    }
    if (typeof hash === 'string' && safelist.has(hash)) {
      if (req.method !== 'GET') (req.body as Record<string, unknown>).query = safelist.get(hash);
      return next();
    }
    return refuse(res, 'Only safelisted operations run on this endpoint');
  };
}
