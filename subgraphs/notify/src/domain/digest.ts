/**
 * The low-stock digest, pure: its 15-minute slots, which levels each recipient is told about, and
 * the message in each locale. Admins hear of every level; a manufacturer's members only of the
 * levels whose audience names their organization.
 */
import type { Locale } from '@miw/contracts';

/** One level that fell low and waits for a digest. */
export interface PendingLevel {
  eventId: string;
  storeId: string;
  productId: string;
  available: number;
  threshold: number;
  /** Manufacturer organizations of the event's audience. */
  organizationIds: readonly string[];
  occurredAt: Date;
}

/** Levels listed in a digest's text; the rest are counted ("and 12 more"). */
export const DIGEST_TEXT_LINES = 20;
/** Levels carried in a notification's `data` (it is capped at 16 KiB). */
export const DIGEST_DATA_LEVELS = 50;

/** The start of the slot holding `now`: slots are `intervalMs` long, aligned to the Unix epoch. */
export const digestSlot = (now: Date, intervalMs: number): Date => new Date(Math.floor(now.getTime() / intervalMs) * intervalMs);

/** The levels a member of `memberOf` (organization ids) is told about. */
export const levelsForOrganizations = (levels: readonly PendingLevel[], memberOf: ReadonlySet<string>): PendingLevel[] =>
  levels.filter((level) => level.organizationIds.some((id) => memberOf.has(id)));

/** Oldest first, so a digest reads as the day went; ties by event id keep it stable. */
export const inDigestOrder = (levels: readonly PendingLevel[]): PendingLevel[] =>
  [...levels].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.eventId.localeCompare(b.eventId));

const TEXT = {
  en: {
    title: (n: number) => (n === 1 ? 'Low stock: 1 level' : `Low stock: ${n} levels`),
    intro: (n: number) => (n === 1 ? 'This stock level fell to or below its threshold:' : `These ${n} stock levels fell to or below their thresholds:`),
    line: (l: PendingLevel) => `- store ${l.storeId}, product ${l.productId}: ${l.available} available (threshold ${l.threshold})`,
    more: (n: number) => `... and ${n} more.`,
  },
  'zh-CN': {
    title: (n: number) => `库存不足：${n} 个库存`,
    intro: (n: number) => `以下 ${n} 个库存已降至或低于预警值：`,
    line: (l: PendingLevel) => `- 门店 ${l.storeId}，商品 ${l.productId}：可用 ${l.available}（预警值 ${l.threshold}）`,
    more: (n: number) => `……另有 ${n} 个。`,
  },
} satisfies Record<Locale, unknown>;

/** The digest's title and body in `locale`, listing at most DIGEST_TEXT_LINES levels. */
export function digestMessage(levels: readonly PendingLevel[], locale: Locale): { title: string; body: string } {
  const t = TEXT[locale];
  const listed = levels.slice(0, DIGEST_TEXT_LINES).map(t.line);
  const rest = levels.length - listed.length;
  return { title: t.title(levels.length), body: [t.intro(levels.length), ...listed, ...(rest > 0 ? [t.more(rest)] : [])].join('\n') };
}

/** The digest's `data`: the count and the first DIGEST_DATA_LEVELS levels. */
export function digestData(levels: readonly PendingLevel[], slot: Date): Record<string, unknown> {
  return {
    slot: slot.toISOString(),
    count: levels.length,
    levels: levels.slice(0, DIGEST_DATA_LEVELS).map((l) => ({ storeId: l.storeId, productId: l.productId, available: l.available, threshold: l.threshold, occurredAt: l.occurredAt.toISOString() })),
  };
}
