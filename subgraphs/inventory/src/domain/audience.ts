/**
 * Who may see a supply-chain object or event besides the region's admins. Every inventory event
 * carries its audience (`payload.audience`), computed when the event is written, so a live
 * consumer (subscriptions) decides visibility from the event alone with `visibleTo`.
 */
import type { Viewer } from '@miw/auth';

export interface Audience {
  /** The partner running the store, the manufacturers of the products involved, the 3PL of a shipment. */
  organizationIds: string[];
}

/** Builds an audience from possibly missing organization ids (deduplicated, sorted). */
export function audienceOf(...organizationIds: (string | null | undefined)[]): Audience {
  return { organizationIds: [...new Set(organizationIds.filter((id): id is string => Boolean(id)))].sort() };
}

/** An admin sees everything of the region; anyone else only what names its organization. */
export function visibleTo(viewer: Viewer, audience: Audience): boolean {
  if (!viewer) return false;
  if (viewer.role === 'ADMIN') return true;
  return Boolean(viewer.organizationId) && audience.organizationIds.includes(viewer.organizationId!);
}

/** An event payload as `viewer` may receive it (without its audience), or undefined when it may not see it. */
export function visiblePayload<P extends { audience: Audience }>(viewer: Viewer, payload: P): Omit<P, 'audience'> | undefined {
  const { audience, ...object } = payload;
  return visibleTo(viewer, audience) ? object : undefined;
}
