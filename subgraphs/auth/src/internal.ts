/**
 * Internal HTTP endpoint for the gateway: verifies an API key and answers the viewer it stands
 * for and the key's own rate limits. Only callers holding the internal secret (the gateway) may use it.
 */
import type { Express } from 'express';
import express from 'express';
import { INTERNAL_HEADER, verifyInternalToken } from '@miw/auth';
import type { RegionCode } from '@miw/contracts';
import type { AuthDb } from './data/db';
import { verifyApiKey } from './services/api-keys';
import type { Credentials } from './services/sessions';

export function mountInternalRoutes(app: Express, { db, internalSecret, region, credentials }: { db: AuthDb; internalSecret: string; region: RegionCode; credentials: Pick<Credentials, 'apiKeySecret'> }): void {
  app.post('/internal/api-keys/verify', express.json({ limit: '2kb' }), async (req, res) => {
    const token = req.headers[INTERNAL_HEADER];
    if (typeof token !== 'string' || !(await verifyInternalToken(internalSecret, token).then(() => true, () => false))) {
      res.status(401).json({ error: 'gateway only' });
      return;
    }
    const verified = await verifyApiKey({ db, region, credentials }, (req.body as { key?: unknown } | undefined)?.key);
    if (!verified) {
      res.status(401).json({ error: 'invalid api key' });
      return;
    }
    // The key's own rate limits (null: the gateway's defaults) travel with the viewer.
    res.json({ viewer: verified.viewer, rateLimit: verified.rateLimit });
  });
}
