/**
 * A person's own account: self-registration of shoppers, changes to their profile, and erasure
 * (GDPR / PIPL). Erasure anonymises the user row and publishes its snapshot: the other region's
 * mirror and every projection (orders, notify) take the anonymised values from it.
 */
import { forbidden, unauthenticated, type UserViewer } from '@miw/auth';
import { writeOutbox } from '@miw/events';
import type { User } from '../data/db';
import { revokeAllApiKeysOf } from '../data/api-keys';
import { revokeOpenInvitations } from '../data/invitations';
import { deleteLoginCodesOf, revokeAllOfUser } from '../data/sessions';
import { countOtherActiveAdmins, insertUser, lockUser, scrubOutboxOf, updateUserRow } from '../data/users';
import { auditedUser, checkLocale, DEFAULT_LOCALE, erasedIdentity, normalizePhone } from '../domain/accounts';
import { checkEmail, checkName, type FieldError } from '../domain/users';
import { userEvent } from '../events/auth-events';
import { recordAudit } from './audit';
import { checkLoginCodeLimit, requestLoginCode, type LoginDeps } from './login';
import { isUniqueViolation, type ChangeDeps, type UserResult } from './users';

export type RegisterResult = { expiresInSeconds: number; errors: [] } | { expiresInSeconds: null; errors: FieldError[] };

/**
 * Creates a CUSTOMER unless the email has an account, then sends a login code exactly as
 * requestLoginCode does: the answer, the rate limit and the mail sent are the same whether or not
 * the email was taken, so registration tells nobody who has an account.
 */
export async function register(deps: LoginDeps, input: { email: string; name: string; locale: string | null }): Promise<RegisterResult> {
  const { email, errors: emailErrors } = checkEmail(input.email);
  const errors = [...emailErrors, ...checkName(input.name, 'input.name'), ...(input.locale != null ? checkLocale(input.locale, 'input.locale') : [])];
  if (errors.length || !email) return { expiresInSeconds: null, errors };
  // The limit is checked before any account is made, so a flood creates nothing (requestLoginCode throws RATE_LIMITED).
  await checkLoginCodeLimit(deps, email);
  try {
    await deps.db.$transaction(async (tx) => {
      const row = await insertUser(tx, { email, name: input.name.trim(), role: 'CUSTOMER', homeRegion: deps.region, originRegion: deps.region, locale: input.locale ?? DEFAULT_LOCALE });
      await writeOutbox(tx, 'auth', [userEvent('created', row, deps)]);
      const self: UserViewer = { kind: 'user', userId: row.id, role: 'CUSTOMER', organizationId: null, region: deps.region, scopes: [] };
      await recordAudit(tx, { viewer: self, region: deps.region, correlationId: deps.correlationId }, { action: 'user.register', targetType: 'User', targetId: row.id, after: auditedUser(row) });
    });
  } catch (error) {
    // Taken: the owner simply receives a login code below, as if they had asked for one.
    if (!isUniqueViolation(error)) throw error;
  }
  const { expiresInSeconds } = await requestLoginCode(deps, { email });
  return { expiresInSeconds, errors: [] };
}

const signedIn = (deps: ChangeDeps): UserViewer => {
  if (!deps.viewer) throw unauthenticated();
  return deps.viewer;
};

/** Name, language and phone of the signed-in user (undefined keeps a field; phone null removes it). */
export async function updateMe(deps: ChangeDeps, input: { name?: string | null; locale?: string | null; phone?: string | null }): Promise<UserResult> {
  const viewer = signedIn(deps);
  const phone = input.phone != null ? normalizePhone(input.phone, 'input.phone') : { phone: input.phone ?? null, errors: [] };
  const errors = [...(input.name != null ? checkName(input.name, 'input.name') : []), ...(input.locale != null ? checkLocale(input.locale, 'input.locale') : []), ...phone.errors];
  if (errors.length) return { user: null, errors };
  const user = await deps.db.$transaction(async (tx) => {
    const current = await lockUser(tx, viewer.userId);
    if (!current || current.deletedAt) return null;
    const row = await updateUserRow(tx, current.id, {
      ...(input.name != null ? { name: input.name.trim() } : {}),
      ...(input.locale != null ? { locale: input.locale } : {}),
      ...(input.phone !== undefined ? { phone: phone.phone } : {}),
    });
    await writeOutbox(tx, 'auth', [userEvent('updated', row, deps)]);
    return row;
  });
  // A token of a user deactivated meanwhile: the account is gone for this caller.
  if (!user) throw unauthenticated('This account is no longer active');
  return { user, errors: [] };
}

export type EraseResult = { erasedUserId: string; errors: [] } | { erasedUserId: null; errors: FieldError[] };

/**
 * Erases the signed-in user: the row keeps its id (orders and audit rows refer to it) but loses
 * email, name and phone; sessions, API keys, open invitations and login codes end; the snapshot
 * (verb deactivated) carries the anonymised row to the other region and every projection. Outbox
 * rows about the user are scrubbed too. Not with an API key: a machine client must not erase a person.
 */
export async function deleteMe(deps: ChangeDeps): Promise<EraseResult> {
  const viewer = signedIn(deps);
  if (viewer.apiKeyId) throw forbidden('An API key cannot erase its owner; sign in as the person');
  const outcome = await deps.db.$transaction(async (tx): Promise<EraseResult | 'gone'> => {
    const current = await lockUser(tx, viewer.userId);
    if (!current || current.deletedAt) return 'gone';
    if (current.role === 'ADMIN' && (await countOtherActiveAdmins(tx, current.id)) === 0) {
      return { erasedUserId: null, errors: [{ code: 'LAST_ADMIN', field: null, message: 'the only active admin cannot erase themselves; create another admin first' }] };
    }
    await eraseUser(tx, deps, current);
    return { erasedUserId: current.id, errors: [] };
  });
  if (outcome === 'gone') throw unauthenticated('This account is no longer active');
  return outcome;
}

async function eraseUser(tx: Parameters<Parameters<ChangeDeps['db']['$transaction']>[0]>[0], deps: ChangeDeps, current: User): Promise<void> {
  const identity = erasedIdentity(current.id);
  await scrubOutboxOf(tx, current.id, identity);
  const row = await updateUserRow(tx, current.id, { ...identity, deletedAt: new Date() });
  await writeOutbox(tx, 'auth', [userEvent('deactivated', row, deps)]);
  await revokeAllOfUser(tx, current.id);
  await revokeAllApiKeysOf(tx, [current.id]);
  await revokeOpenInvitations(tx, { userId: current.id });
  await deleteLoginCodesOf(tx, current.email);
  await recordAudit(tx, deps, { action: 'user.erase', targetType: 'User', targetId: current.id, before: auditedUser(current), after: auditedUser(row) });
}
