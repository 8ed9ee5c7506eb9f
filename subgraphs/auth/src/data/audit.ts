/** The audit log: inserted in the transaction of the change it records, never updated (a trigger refuses). */
import type { AuditLog, AuthDb, AuthTx, Prisma } from './db';

export const insertAuditRow = (tx: AuthTx | AuthDb, data: Prisma.AuditLogUncheckedCreateInput): Promise<AuditLog> => tx.auditLog.create({ data });

/** Inserts a row under its given id unless one has it already (ON CONFLICT DO NOTHING): an entry fed by another domain is stored once. */
export const insertAuditRowOnce = async (tx: AuthTx, data: Prisma.AuditLogCreateManyInput): Promise<void> => {
  await tx.auditLog.createMany({ data: [data], skipDuplicates: true });
};

export interface AuditFilter {
  actorId?: string | null;
  action?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  since?: Date | null;
  until?: Date | null;
}

/** A page of entries, newest first by (at, id), `limit` rows after the cursor. */
export function listAuditRows(db: AuthDb, filter: AuditFilter, limit: number, after?: { at: Date; id: string }): Promise<AuditLog[]> {
  const where: Prisma.AuditLogWhereInput = {
    ...(filter.actorId ? { actorId: filter.actorId } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.targetType ? { targetType: filter.targetType } : {}),
    ...(filter.targetId ? { targetId: filter.targetId } : {}),
    ...(filter.since || filter.until ? { at: { ...(filter.since ? { gte: filter.since } : {}), ...(filter.until ? { lt: filter.until } : {}) } } : {}),
  };
  const page: Prisma.AuditLogWhereInput = after ? { AND: [where, { OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: after.id } }] }] } : where;
  return db.auditLog.findMany({ where: page, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: limit });
}
