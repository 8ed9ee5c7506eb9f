/**
 * Revocation at the edge: access tokens are stateless JWTs valid 15 minutes, so when an admin
 * deactivates a user or an organization (or changes a user's role or organization), the auth
 * service ends refresh tokens and API keys at once, and every gateway stops honouring the access
 * tokens already issued and closes the sockets that carry them.
 *
 * Each gateway reads the user and organization snapshots of BOTH regions (`auth.user.v1`,
 * `auth.organization.v1`, through @miw/events) from one token lifetime before it starts, and keeps in memory
 * the changes of the last token lifetime (older ones cannot concern a live token). A credential is
 * revoked when:
 * - its user is deactivated or erased, or its organization is deactivated;
 * - its user's role or organization now differ from the token's, and the token was issued before
 *   that change (a token issued after it carries the new claims).
 * API keys are re-verified with the auth service (cached 30 s); they are covered by the same list
 * in the meantime. A gateway that starts reads back one token lifetime of snapshots, so it knows
 * every change that can still concern a live token.
 */
import { randomUUID } from 'node:crypto';
import { ACCESS_TOKEN_TTL_SECONDS, type UserViewer } from '@miw/auth';
import { organizationEvents, parseEnvelope, REGIONS, userEvents, type OrganizationPayload, type UserPayload } from '@miw/contracts';
import type { EventBus } from '@miw/events';
import type { Logger } from '@miw/logging';

interface UserFacts {
  role: string;
  organizationId: string | null;
  deactivated: boolean;
  /** Version of the snapshot (updatedAt, ms): the newest wins. */
  version: number;
  /** When this gateway learnt it (ms): entries older than a token lifetime are dropped. */
  seenAt: number;
}

interface OrganizationFacts {
  deactivated: boolean;
  version: number;
  seenAt: number;
}

/** What the edge needs to judge a credential: its viewer and, for access tokens, when it was issued. */
interface Credential {
  viewer: UserViewer;
  /** `iat` of an access token (seconds); absent for API keys. */
  issuedAt?: number | undefined;
}

export interface RevocationList {
  /** Why this credential no longer counts, or null while it does. */
  reasonRevoked(credential: Credential): string | null;
  applyUser(user: UserPayload): void;
  applyOrganization(organization: OrganizationPayload): void;
  /** Called after every change that may revoke credentials (the socket server closes theirs). */
  onChange(listener: () => void): () => void;
}

/** Beyond the token lifetime, plus a minute of clock skew between regions. */
const KEEP_MS = (ACCESS_TOKEN_TTL_SECONDS + 60) * 1000;

export function createRevocationList({ now = Date.now }: { now?: () => number } = {}): RevocationList {
  const users = new Map<string, UserFacts>();
  const organizations = new Map<string, OrganizationFacts>();
  const listeners = new Set<() => void>();

  const prune = () => {
    const oldest = now() - KEEP_MS;
    for (const [id, f] of users) if (f.seenAt < oldest) users.delete(id);
    for (const [id, f] of organizations) if (f.seenAt < oldest) organizations.delete(id);
  };
  const changed = () => {
    prune();
    for (const listener of listeners) listener();
  };

  return {
    reasonRevoked({ viewer, issuedAt }) {
      const org = viewer.organizationId ? organizations.get(viewer.organizationId) : undefined;
      if (org?.deactivated) return 'The organization of this credential was deactivated';
      const user = users.get(viewer.userId);
      if (!user) return null;
      if (user.deactivated) return 'The account of this credential was deactivated';
      const stale = user.role !== viewer.role || user.organizationId !== viewer.organizationId;
      // API keys act with their owner's current rights (the auth service answers them), so only tokens go stale.
      if (stale && issuedAt !== undefined && issuedAt * 1000 < user.version) return 'The access rights of this account changed; sign in again';
      return null;
    },
    applyUser(u) {
      const version = Date.parse(u.updatedAt);
      const known = users.get(u.id);
      if (known && known.version >= version) return;
      users.set(u.id, { role: u.role, organizationId: u.organizationId, deactivated: u.deletedAt !== null, version, seenAt: now() });
      changed();
    },
    applyOrganization(o) {
      const version = Date.parse(o.updatedAt);
      const known = organizations.get(o.id);
      if (known && known.version >= version) return;
      organizations.set(o.id, { deactivated: o.deletedAt !== null, version, seenAt: now() });
      changed();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** `iat` of an access token already verified by the gateway (seconds), or undefined for API keys. */
export function issuedAtOf(authorization: string | undefined): number | undefined {
  const payload = authorization ? /^Bearer [^.]+\.([^.]+)\./.exec(authorization)?.[1] : undefined;
  if (!payload) return undefined;
  try {
    const iat = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iat?: unknown }).iat;
    return typeof iat === 'number' ? iat : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Feeds the list from the snapshots of both regions, from one token lifetime before the gateway
 * started (a group of one instance: every gateway sees every event). Unreadable events are skipped.
 */
export function createRevocationFeed({ bus, topicPrefix, region, list, logger }: { bus: EventBus; topicPrefix: string; region: string; list: RevocationList; logger: Logger }) {
  const userTopics = REGIONS.map((r) => userEvents.topic(r, topicPrefix));
  const organizationTopics = REGIONS.map((r) => organizationEvents.topic(r, topicPrefix));
  const log = logger.child({ component: 'revocations' });
  const consumer = bus.consumer({
    groupId: `${topicPrefix}gateway.${region}.revocations.${randomUUID()}`,
    topics: [...userTopics, ...organizationTopics],
    ephemeral: true,
    // A gateway that starts (or restarts) reads back one token lifetime: every change that can
    // still concern a live token, so it refuses the same tokens as the gateways running before it.
    since: new Date(Date.now() - KEEP_MS),
    handle: async (message) => {
      try {
        const envelope = parseEnvelope(message.value);
        if (userTopics.includes(message.topic)) list.applyUser(userEvents.parse(envelope).payload);
        else list.applyOrganization(organizationEvents.parse(envelope).payload);
      } catch (error) {
        log.warn({ topic: message.topic, offset: message.offset, reason: (error as Error).message }, 'skipping an unreadable auth snapshot');
      }
    },
  });
  return {
    start: async () => {
      await bus.ensureTopics([...userTopics, ...organizationTopics]);
      await consumer.start();
    },
    stop: () => consumer.stop(),
  };
}
