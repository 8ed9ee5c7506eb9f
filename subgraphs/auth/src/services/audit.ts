/**
 * The audit log: one append-only row per admin action and access-rights change, written by the
 * service making the change inside its transaction (the change and its record commit together).
 * Reading it is for admins (see ../rules.ts).
 */
import type { Viewer } from '@miw/auth';
import type { RegionCode } from '@miw/contracts';
import { timeCursor, toConnection, type Connection, type TimeCursor } from '@miw/service-kit';
import { insertAuditRow, listAuditRows, type AuditFilter } from '../data/audit';
import type { AuditLog, AuthDb, AuthTx } from '../data/db';

/** Who made a change and where: a request's viewer, or an operator's command (viewer null). */
export interface AuditOrigin {
  viewer: Viewer;
  region: RegionCode;
  correlationId: string;
}

export interface AuditChange {
  action: string;
  targetType: 'User' | 'Organization' | 'Invitation' | 'ApiKey' | 'KeySet';
  targetId: string | null;
  before?: object | null;
  after?: object | null;
}

/** Appends one row in `tx`; a change without a viewer is an operator's command (`cli`). */
export async function recordAudit(tx: AuthTx | AuthDb, origin: AuditOrigin, change: AuditChange): Promise<void> {
  const { viewer } = origin;
  await insertAuditRow(tx, {
    actorKind: viewer ? 'user' : 'cli',
    actorId: viewer?.userId ?? null,
    apiKeyId: viewer?.apiKeyId ?? null,
    action: change.action,
    targetType: change.targetType,
    targetId: change.targetId,
    // Prisma writes SQL NULL for undefined; JSON null needs its marker, so absent stays absent.
    ...(change.before ? { before: change.before } : {}),
    ...(change.after ? { after: change.after } : {}),
    region: origin.region,
    correlationId: origin.correlationId,
  });
}

export const auditCursor = timeCursor('audit');

/** A page of this region's audit log, newest first. */
export async function listAuditLog({ db }: { db: AuthDb }, input: { filter: AuditFilter; size: number; after: TimeCursor | undefined }): Promise<Connection<AuditLog>> {
  const rows = input.size === 0 ? [] : await listAuditRows(db, input.filter, input.size + 1, input.after ? { at: input.after.createdAt, id: input.after.id } : undefined);
  return toConnection(rows, input.size, (row) => auditCursor.encode({ createdAt: row.at, id: row.id }), Boolean(input.after));
}
