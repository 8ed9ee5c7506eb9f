/**
 * The first admin of a deployment, made by an operator's command (`npm run admin:create`), not by
 * a request: there is nobody to sign in yet. Creating or promoting writes the user's snapshot and
 * an audit row (actor `cli`) in one transaction. Idempotent for the same email; refuses while
 * another active admin exists unless forced, so the command cannot silently add admins.
 */
import { randomUUID } from 'node:crypto';
import type { RegionCode } from '@miw/contracts';
import { writeOutbox } from '@miw/events';
import type { AuthDb, User } from '../data/db';
import { revokeAllOfUser } from '../data/sessions';
import { findActiveAdmins, findUserByEmail, insertUser, updateUserRow } from '../data/users';
import { auditedUser, checkLocale, DEFAULT_LOCALE } from '../domain/accounts';
import { checkEmail, checkName, type FieldError } from '../domain/users';
import { userEvent } from '../events/auth-events';
import { recordAudit } from './audit';

export type FirstAdminOutcome =
  | { outcome: 'created' | 'promoted' | 'unchanged'; user: User }
  | { outcome: 'refused'; admins: string[] }
  | { outcome: 'invalid'; errors: FieldError[] };

export interface FirstAdminInput {
  email: string;
  name?: string | null;
  locale?: string | null;
  /** Add this admin although other active admins exist. */
  force?: boolean;
}

/** Serialises concurrent runs of the command (two operators, a retried deploy step). */
const ADMIN_CREATE_LOCK = 'auth.admin-create';

export async function createFirstAdmin(deps: { db: AuthDb; region: RegionCode; correlationId?: string }, input: FirstAdminInput): Promise<FirstAdminOutcome> {
  const { email, errors: emailErrors } = checkEmail(input.email);
  const name = input.name ?? email?.split('@')[0] ?? '';
  const errors = [...emailErrors, ...checkName(name, 'name'), ...(input.locale != null ? checkLocale(input.locale, 'locale') : [])];
  if (errors.length || !email) return { outcome: 'invalid', errors };
  const origin = { viewer: null, region: deps.region, correlationId: deps.correlationId ?? `admin-create-${randomUUID()}` };
  return deps.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${ADMIN_CREATE_LOCK}))`;
    const existing = await findUserByEmail(tx, email);
    if (existing && existing.role === 'ADMIN' && !existing.deletedAt) return { outcome: 'unchanged', user: existing };
    const others = (await findActiveAdmins(tx)).filter((a) => a.id !== existing?.id);
    if (others.length > 0 && !input.force) return { outcome: 'refused', admins: others.map((a) => a.email) };
    if (existing) {
      const row = await updateUserRow(tx, existing.id, { role: 'ADMIN', organizationId: null, deletedAt: null });
      await writeOutbox(tx, 'auth', [userEvent('updated', row, origin)]);
      // New rights: sessions opened under the old ones end.
      await revokeAllOfUser(tx, row.id);
      await recordAudit(tx, origin, { action: 'admin.promote', targetType: 'User', targetId: row.id, before: auditedUser(existing), after: auditedUser(row) });
      return { outcome: 'promoted', user: row };
    }
    const row = await insertUser(tx, { email, name: name.trim(), role: 'ADMIN', homeRegion: deps.region, originRegion: deps.region, locale: input.locale ?? DEFAULT_LOCALE });
    await writeOutbox(tx, 'auth', [userEvent('created', row, origin)]);
    await recordAudit(tx, origin, { action: 'admin.create', targetType: 'User', targetId: row.id, after: auditedUser(row) });
    return { outcome: 'created', user: row };
  });
}
