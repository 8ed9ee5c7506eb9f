/** zod building blocks for event payloads: the same shapes every contract uses. */
import { z } from 'zod';
import { UUID_PATTERN } from './ids';
import { REGIONS } from './regions';

export const uuid = z.string().regex(UUID_PATTERN, 'not a UUID');
/** An ISO 8601 instant as written by `Date.toISOString()`. */
export const timestamp = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'not an ISO 8601 timestamp');
export const region = z.enum(REGIONS);
/** The version fields of every replicated (global) row. */
export const globalRowFields = {
  originRegion: region,
  createdAt: timestamp,
  updatedAt: timestamp,
  deletedAt: timestamp.nullable(),
};

/** ISO strings for Date values (payloads are JSON). */
export const iso = (date: Date): string => date.toISOString();
export const isoOrNull = (date: Date | null | undefined): string | null => (date == null ? null : date.toISOString());

/** The `globalRowFields` of a payload, from a replicated row. */
export const globalRowPayload = (row: { originRegion: (typeof REGIONS)[number]; createdAt: Date; updatedAt: Date; deletedAt: Date | null }) => ({
  originRegion: row.originRegion,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
  deletedAt: isoOrNull(row.deletedAt),
});
