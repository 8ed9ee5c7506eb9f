/** Rules of accounts, erasure, invitations and audit snapshots, pure. */
import { LOCALES, type Locale } from '@miw/contracts';
import type { InvitationStatus, Role } from '../schema.generated';
import type { FieldError } from './users';

export const DEFAULT_LOCALE: Locale = 'en';

/** E.164: a plus, a country code not starting with 0, 8 to 15 digits in all (the CHECK of auth.user agrees). */
const E164 = /^\+[1-9]\d{7,14}$/;

const isLocale = (value: string): value is Locale => (LOCALES as readonly string[]).includes(value);

/** A language the system writes in; errors name the field. */
export function checkLocale(value: string, field: string): FieldError[] {
  return isLocale(value) ? [] : [{ code: 'INVALID', field, message: `locale must be one of ${LOCALES.join(', ')}` }];
}

/**
 * A phone number as people type it, normalised to E.164: spaces, dashes, dots and parentheses are
 * dropped, a leading 00 becomes +. Null with an error when the result is not E.164.
 */
export function normalizePhone(value: string, field: string): { phone: string | null; errors: FieldError[] } {
  const compact = value.trim().replace(/[\s\-.()]/g, '').replace(/^00/, '+');
  return E164.test(compact) ? { phone: compact, errors: [] } : { phone: null, errors: [{ code: 'INVALID', field, message: 'phone must be an E.164 number such as +4930123456' }] };
}

/** The language stored for a user (null on rows mirrored from events older than the column). */
export const localeOf = (stored: string | null): Locale => (stored && isLocale(stored) ? stored : DEFAULT_LOCALE);

/**
 * What erasure leaves of a person: an address no mail system accepts (`.invalid` is reserved,
 * RFC 2606) that keeps the unique index satisfied, a neutral name and no phone.
 */
export const erasedIdentity = (userId: string) => ({ email: `erased+${userId}@invalid`, name: 'Deleted user', phone: null });

/** A display name from an email when none was given: its local part, cut to the name limit. */
export const nameFromEmail = (email: string): string => email.split('@')[0]!.slice(0, 120) || email.slice(0, 120);

const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
export const invitationExpiry = (now: Date): Date => new Date(now.getTime() + INVITATION_TTL_MS);

export function invitationStatus(invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): InvitationStatus {
  if (invitation.revokedAt) return 'REVOKED';
  if (invitation.acceptedAt) return 'ACCEPTED';
  return invitation.expiresAt.getTime() <= now.getTime() ? 'EXPIRED' : 'PENDING';
}

/**
 * What a login must do about the invitation that created the account (the newest one): nothing
 * without a pending one, accept it, or refuse the login because it ran out before first use.
 */
export function invitationAtLogin(invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date } | null, now: Date): 'none' | 'accept' | 'expired' {
  if (!invitation || invitation.acceptedAt || invitation.revokedAt) return 'none';
  return invitationStatus(invitation, now) === 'EXPIRED' ? 'expired' : 'accept';
}

/**
 * The audited state of a user: ids, role, organization and states, never personal data (email,
 * name, phone live only in the user row, which erasure anonymises; the audit log cannot change).
 */
export const auditedUser = (u: { id: string; role: Role; organizationId: string | null; homeRegion: string; locale: string | null; deletedAt: Date | null }) => ({
  id: u.id,
  role: u.role,
  organizationId: u.organizationId,
  homeRegion: u.homeRegion,
  locale: u.locale,
  deactivatedAt: u.deletedAt?.toISOString() ?? null,
});

/** The audited state of an organization (company data, not personal). */
export const auditedOrganization = (o: { id: string; name: string; kind: string; deletedAt: Date | null }) => ({
  id: o.id,
  name: o.name,
  kind: o.kind,
  deactivatedAt: o.deletedAt?.toISOString() ?? null,
});
