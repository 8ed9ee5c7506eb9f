import type { RegionCode } from '@miw/events';
import { byIdLoader } from '@miw/service-kit';
import type { Logger } from '@miw/logging';
import { findOrganizations, findUsers } from './data/auth';
import type { AuthDb, Organization, User } from './data/db';

/** Who is calling. Always null until authentication lands (a later issue plugs it in here). */
export type Viewer = { userId: string } | null;

export interface AuthContext {
  db: AuthDb;
  region: RegionCode;
  correlationId: string;
  logger: Logger;
  viewer: Viewer;
  loaders: ReturnType<typeof createLoaders>;
}

export function createLoaders(db: AuthDb) {
  return {
    user: byIdLoader<User>((ids) => findUsers(db, ids)),
    organization: byIdLoader<Organization>((ids) => findOrganizations(db, ids)),
  };
}
