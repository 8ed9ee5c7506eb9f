/** Who is calling: derived once at the gateway, carried to subgraphs in the internal token. */
import type { RegionCode } from '@miw/contracts';

export const ROLES = ['ADMIN', 'MANUFACTURER', 'LOGISTICS', 'PARTNER', 'CUSTOMER'] as const;
export type Role = (typeof ROLES)[number];

export interface UserViewer {
  kind: 'user';
  userId: string;
  role: Role;
  /** The user's organization (manufacturer, 3PL or partner); null for admins and customers. */
  organizationId: string | null;
  /** Region whose auth service issued the credential. */
  region: RegionCode;
  scopes: string[];
  /** Set when the caller authenticated with an API key (a machine client acting as its owner). */
  apiKeyId?: string;
}

/** Scopes an API key may carry: `read` (queries), `write` (queries and mutations). */
export const API_KEY_SCOPES = ['read', 'write'] as const;

/** null: an anonymous request. */
export type Viewer = UserViewer | null;

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);
