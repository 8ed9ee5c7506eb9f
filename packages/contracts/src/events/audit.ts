/**
 * Audit events (`<region>.<domain>.audit.v1`): one per admin action taken in the catalog,
 * inventory or orders subgraph, written by that subgraph in the transaction of the change (the
 * change and its record commit together). The auth subgraph of the same region reads the three
 * topics into its append-only `auth.audit_log`, beside the access-rights changes it records itself,
 * so admins query one log (`auditLog`).
 *
 * Region-local: an audit entry stays in the region where the action was taken (the sync worker
 * has no route for these topics; they are deliberately not in `CATALOG_CONTRACTS`).
 *
 * The envelope's `entityId` is the audit entry's own id (not the target's): the consumer stores
 * the entry under it, so a redelivered event can never become a second row, and the producers'
 * outbox queries by a target's id keep seeing only that target's domain events.
 *
 * `before` and `after` are small, explicit objects of the target's business fields (ids, states,
 * quantities, prices), never personal data (no customer email, address, phone or person's name).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineEvent, type OutboxMessage } from '../contract';
import { timestamp, uuid } from '../fields';
import type { RegionCode } from '../regions';

/** The domains whose admin actions travel as audit events (auth records its own directly). */
type AuditDomain = 'catalog' | 'inventory' | 'orders';

/** Snapshots are small by design: a bigger one is a producer bug, refused rather than stored. */
const MAX_SNAPSHOT_CHARS = 16_000;
const snapshot = z
  .record(z.string(), z.unknown())
  .refine((value) => JSON.stringify(value).length <= MAX_SNAPSHOT_CHARS, `a snapshot must serialize to at most ${MAX_SNAPSHOT_CHARS} characters`)
  .nullable();

const auditPayload = z.object({
  /** The acting user (an admin). */
  actorId: uuid.nullable(),
  /** The API key the admin used, if any. */
  apiKeyId: uuid.nullable(),
  /** The actor's role when acting (always ADMIN today; kept so the log reads on its own). */
  actorRole: z.string().min(1).max(32),
  /** `<target>.<verb>`, e.g. `product.update`, `stock_request.approve`, `order.cancel`. */
  action: z.string().max(100).regex(/^[a-z][a-z_]*\.[a-z][a-z_]*$/, 'not an action name (target.verb)'),
  /** The GraphQL type of the target, e.g. `Product`, `StockRequest`, `Order`. */
  targetType: z.string().max(64).regex(/^[A-Z][A-Za-z]*$/, 'not a type name'),
  targetId: z.string().min(1).max(256),
  /** The target's business fields before the action; null for a creation. */
  before: snapshot,
  /** The target's business fields after the action; null for a removal. */
  after: snapshot,
  /** When the action was taken (the transaction of the change). */
  at: timestamp,
});

const auditContract = <D extends AuditDomain>(domain: D) => defineEvent({ domain, topic: 'audit', entity: 'AuditEntry', verbs: ['recorded'], payload: auditPayload });

export const catalogAuditEvents = auditContract('catalog');
export const inventoryAuditEvents = auditContract('inventory');
export const ordersAuditEvents = auditContract('orders');

/** Every audit contract (region-local: never mirrored), read together by auth's audit feed. */
export const AUDIT_CONTRACTS = [catalogAuditEvents, inventoryAuditEvents, ordersAuditEvents] as const;

export type AuditContract = typeof catalogAuditEvents;
export type AuditPayload = z.infer<typeof auditPayload>;

/** The caller as services know it (the `Viewer` of @miw/auth fits). */
export interface AuditViewer {
  userId: string;
  role: string;
  apiKeyId?: string | undefined;
}

/** Where and by whom a change was made: a service's request context fits. */
export interface AuditSource {
  viewer: AuditViewer | null;
  region: RegionCode;
  correlationId: string;
}

/** What an admin did to which target, with the target's business fields around it. */
export interface AuditedChange {
  action: string;
  targetType: string;
  targetId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Only admins' actions are audited here (access-rights changes are audited by auth itself). */
export const isAuditedViewer = (viewer: AuditViewer | null): viewer is AuditViewer => viewer?.role === 'ADMIN';

/**
 * The outbox message recording `change`, or none when the viewer is not an admin: producers
 * write the result in the transaction of the change (`writeOutbox(tx, schema, [...events,
 * ...adminAuditMessages(...)])`).
 */
export function adminAuditMessages(contract: AuditContract, source: AuditSource, change: AuditedChange, at: Date = new Date()): OutboxMessage[] {
  const { viewer } = source;
  if (!isAuditedViewer(viewer)) return [];
  return [
    contract.message('recorded', {
      entityId: randomUUID(),
      originRegion: source.region,
      entityUpdatedAt: at,
      occurredAt: at,
      correlationId: source.correlationId,
      payload: {
        actorId: viewer.userId,
        apiKeyId: viewer.apiKeyId ?? null,
        actorRole: viewer.role,
        action: change.action,
        targetType: change.targetType,
        targetId: change.targetId,
        before: change.before,
        after: change.after,
        at: at.toISOString(),
      },
    }),
  ];
}
