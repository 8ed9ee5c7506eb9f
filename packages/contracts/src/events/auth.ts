/**
 * Event contracts of the auth domain.
 *
 * - `auth.user.v1`, `auth.organization.v1`: the full state of a user or an organization after each
 *   write (a snapshot), on the topic of the region where the change was made. Both regions write
 *   them; the sync worker mirrors them into the other region, and other domains keep projections
 *   of them (inventory's organization facts). `lastEventId` is the write's version tie-break
 *   (stamped by the `auth.stamp_version` trigger, see docs/sync.md); it equals the event id.
 * - `auth.login_code.v1`: a login code to deliver, region-local (consumed by notify in the same
 *   region). The code is sealed: the topic never holds a readable code.
 * - `auth.invitation.v1`: an invitation to join an organization to mail, region-local (consumed by
 *   notify in the same region, which writes the invitation email in the invitee's language).
 */
import { z } from 'zod';
import { defineEvent } from '../contract';
import { globalRowFields, timestamp, uuid } from '../fields';
import { REGIONS } from '../regions';

/** Languages the system writes to people in: English and Simplified Chinese. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** Values of the auth schema's `Role` enum (prisma/auth/schema.prisma). */
const role = z.enum(['ADMIN', 'MANUFACTURER', 'LOGISTICS', 'PARTNER', 'CUSTOMER']);
/** Values of the auth schema's `OrganizationKind` enum. */
const organizationKind = z.enum(['MANUFACTURER', 'LOGISTICS', 'PARTNER']);
/** Absent on snapshots written by hand (tests, backfills); the mirror then has no tie-break id. */
const lastEventId = uuid.nullable().optional();

const userPayload = z.object({
  id: uuid,
  /** Lower-cased. */
  email: z.string().min(1),
  name: z.string(),
  role,
  organizationId: uuid.nullable(),
  homeRegion: z.enum(REGIONS),
  /** Language of what the user is sent (emails, notifications); absent in events written before it existed: en. */
  locale: z.enum(LOCALES).optional(),
  /** E.164 phone number, or null; absent in older events. */
  phone: z.string().nullable().optional(),
  ...globalRowFields,
  lastEventId,
});

const organizationPayload = z.object({
  id: uuid,
  name: z.string(),
  kind: organizationKind,
  ...globalRowFields,
  lastEventId,
});

const loginCodePayload = z.object({
  userId: uuid,
  email: z.string().min(1),
  name: z.string(),
  /** The code sealed with the shared seal secret (`seal` of @miw/auth). */
  sealedCode: z.string().min(1),
  expiresAt: timestamp,
});

const invitationPayload = z.object({
  invitationId: uuid,
  /** The invited user's account (created by the invitation), who signs in with a login code. */
  userId: uuid,
  /** Lower-cased. */
  email: z.string().min(1),
  name: z.string(),
  locale: z.enum(LOCALES),
  role,
  organizationId: uuid,
  organizationName: z.string(),
  /** The inviting admin's display name; null when an operator's command invited. */
  invitedByName: z.string().nullable(),
  expiresAt: timestamp,
});

export type UserPayload = z.output<typeof userPayload>;
export type InvitationPayload = z.output<typeof invitationPayload>;
export type OrganizationPayload = z.output<typeof organizationPayload>;
export type LoginCodePayload = z.output<typeof loginCodePayload>;

const SNAPSHOT_VERBS = ['created', 'updated', 'deactivated'] as const;

export const userEvents = defineEvent({ domain: 'auth', topic: 'user', entity: 'User', verbs: SNAPSHOT_VERBS, payload: userPayload });
export const organizationEvents = defineEvent({ domain: 'auth', topic: 'organization', entity: 'Organization', verbs: SNAPSHOT_VERBS, payload: organizationPayload });
export const loginCodeEvents = defineEvent({ domain: 'auth', topic: 'login_code', entity: 'LoginCode', verbs: ['issued'], payload: loginCodePayload });
export const invitationEvents = defineEvent({ domain: 'auth', topic: 'invitation', entity: 'Invitation', verbs: ['sent'], payload: invitationPayload });

/** The auth contracts the sync worker mirrors between regions. */
export const AUTH_REPLICATED_CONTRACTS = [userEvents, organizationEvents] as const;
