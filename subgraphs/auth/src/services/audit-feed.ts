/**
 * The audit feed: admin actions taken in the catalog, inventory and orders subgraphs of this
 * region reach auth as audit events (`<region>.<domain>.audit.v1`) and become rows of the same
 * append-only log that auth writes for its own admin actions, so `auditLog` answers for all of them.
 */
import type { AuditPayload, EventEnvelope } from '@miw/contracts';
import { claimInboxEvent } from '@miw/events';
import { insertAuditRowOnce } from '../data/audit';
import type { AuthDb } from '../data/db';

/** The consumer's name in the inbox (and its dead-letter topic). */
export const AUDIT_FEED = 'auth.audit-feed';

/**
 * Stores one audit event, once: the inbox claim and the row commit together, and the row's id is
 * the entry's own id (the envelope's entityId), so a redelivery changes nothing. False when the
 * event was already stored.
 */
export async function storeAuditEvent({ db }: { db: AuthDb }, event: EventEnvelope<AuditPayload>): Promise<boolean> {
  const { payload } = event;
  return db.$transaction(async (tx) => {
    if (!(await claimInboxEvent(tx, 'auth', AUDIT_FEED, event))) return false;
    await insertAuditRowOnce(tx, {
      id: event.entityId,
      at: new Date(payload.at),
      actorKind: 'user',
      actorId: payload.actorId,
      apiKeyId: payload.apiKeyId,
      action: payload.action,
      targetType: payload.targetType,
      targetId: payload.targetId,
      // Prisma writes SQL NULL for an absent field; JSON null would need its marker.
      ...(payload.before ? { before: payload.before as object } : {}),
      ...(payload.after ? { after: payload.after as object } : {}),
      region: event.originRegion,
      correlationId: event.correlationId,
    });
    return true;
  });
}
