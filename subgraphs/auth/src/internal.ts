/**
 * Internal HTTP endpoint for the gateway: verifies an API key and answers the viewer it stands
 * for. Only callers holding the internal secret (the gateway) may use it.
 */
import type { Express } from 'express';
import express from 'express';
import { INTERNAL_HEADER, verifyInternalToken, type UserViewer } from '@miw/auth';
import type { AuthDb } from './data/db';
import { findActiveKey, touchApiKey } from './data/api-keys';
import { hashApiKey, isPlausibleApiKey } from './domain/api-keys';

export function mountInternalRoutes(app: Express, db: AuthDb, internalSecret: string, region: 'eu' | 'cn'): void {
  app.post('/internal/api-keys/verify', express.json({ limit: '2kb' }), async (req, res) => {
    const token = req.headers[INTERNAL_HEADER];
    if (typeof token !== 'string' || !(await verifyInternalToken(internalSecret, token).then(() => true, () => false))) {
      res.status(401).json({ error: 'gateway only' });
      return;
    }
    const key = (req.body as { key?: unknown } | undefined)?.key;
    if (typeof key !== 'string' || !isPlausibleApiKey(key)) {
      res.status(401).json({ error: 'invalid api key' });
      return;
    }
    const found = await findActiveKey(db, hashApiKey(key));
    if (!found) {
      res.status(401).json({ error: 'invalid api key' });
      return;
    }
    await touchApiKey(db, found.key.id);
    const viewer: UserViewer = { kind: 'user', userId: found.owner.id, role: found.owner.role, organizationId: found.owner.organizationId, region, scopes: found.key.scopes, apiKeyId: found.key.id };
    res.json({ viewer });
  });
}
