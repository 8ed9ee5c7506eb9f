import type { Viewer } from '@miw/auth';
import type { RegionCode } from '@miw/contracts';
import { byIdLoader } from '@miw/service-kit';
import type { Logger } from '@miw/logging';
import { findOrganizations, findUsers } from './data/auth';
import type { AuthDb, Organization, User } from './data/db';
import type { Credentials } from './services/sessions';

export interface AuthContext {
  db: AuthDb;
  region: RegionCode;
  correlationId: string;
  logger: Logger;
  viewer: Viewer;
  /** The client's address as the gateway saw it (rate limits). */
  clientIp: string | null;
  /** Signing keys and secrets of login codes and sessions. */
  credentials: Credentials;
  loaders: ReturnType<typeof createLoaders>;
  /** This region's sync worker (health port), for `syncStatus`; unset when none runs. */
  syncWorkerUrl?: string | undefined;
  /** Its ops token (bearer), when its ops listener requires one. */
  syncWorkerToken?: string | undefined;
}

export function createLoaders(db: AuthDb) {
  return {
    user: byIdLoader<User>((ids) => findUsers(db, ids)),
    organization: byIdLoader<Organization>((ids) => findOrganizations(db, ids)),
  };
}
