/** Invitations to organizations (region-local). Writes take the transaction they belong to. */
import type { AuthDb, AuthTx, Invitation, Prisma } from './db';

export const insertInvitation = (tx: AuthTx, data: Prisma.InvitationUncheckedCreateInput): Promise<Invitation> => tx.invitation.create({ data });

export const findInvitation = (db: AuthDb | AuthTx, id: string): Promise<Invitation | null> => db.invitation.findUnique({ where: { id } });

/** The newest invitation that created or re-invited this user, locked for the login deciding on it. */
export async function lockNewestInvitationOf(tx: AuthTx, userId: string): Promise<Invitation | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM auth.invitation WHERE user_id = ${userId}::uuid ORDER BY created_at DESC LIMIT 1 FOR UPDATE`;
  return rows[0] ? tx.invitation.findUnique({ where: { id: rows[0].id } }) : null;
}

export const updateInvitation = (tx: AuthTx, id: string, data: Prisma.InvitationUncheckedUpdateInput): Promise<Invitation> => tx.invitation.update({ where: { id }, data });

/** Closes the open invitations of a user (superseded by a new one) or of an organization (deactivated). */
export async function revokeOpenInvitations(tx: AuthTx, where: { userId?: string; organizationId?: string }): Promise<number> {
  return (await tx.invitation.updateMany({ where: { ...where, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } })).count;
}

/** A page of an organization's invitations, newest first by (createdAt, id). */
export function listInvitationRows(db: AuthDb, organizationId: string, limit: number, after?: { createdAt: Date; id: string }): Promise<Invitation[]> {
  const where: Prisma.InvitationWhereInput = { organizationId };
  const page: Prisma.InvitationWhereInput = after ? { AND: [where, { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }] } : where;
  return db.invitation.findMany({ where: page, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit });
}
