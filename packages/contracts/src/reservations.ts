/**
 * The internal reservation API between orders and inventory (one region, HTTP, not federated).
 * Checkout must hold stock all-or-nothing and synchronously before a shopper pays, so orders calls
 * inventory directly; both sides parse every request and answer with these schemas, so the
 * contract cannot drift between the two services. Every call carries the internal token
 * (`x-miw-internal`) and is idempotent by reservation id (the order id, chosen by orders), so a
 * caller may retry any of them.
 *
 * Routes (inventory, `RESERVATION_ROUTES`):
 * - POST `collection`: reserve (`reserveRequest` -> `reserveResponse`);
 * - POST `sell` / `release`: finish an ACTIVE reservation (`{ reservation }`, or 409 `reservationConflict`);
 * - GET `collection`?status=ACTIVE&createdBefore=&limit=: the oldest ACTIVE reservations (the reconciler).
 */
import { z } from 'zod';
import { timestamp, uuid } from './fields';

/** Express path patterns of the inventory side (`:id` is the reservation id). */
export const RESERVATION_ROUTES = {
  collection: '/internal/reservations',
  sell: '/internal/reservations/:id/sell',
  release: '/internal/reservations/:id/release',
} as const;

/** The path of `sell` or `release` for one reservation (the caller's side of the patterns). */
export const reservationPath = (route: 'sell' | 'release', id: string): string => RESERVATION_ROUTES[route].replace(':id', encodeURIComponent(id));

/** At most this many distinct products per reservation, and this many units of each. */
export const MAX_RESERVATION_LINES = 100;
export const MAX_RESERVATION_QUANTITY = 999;
/** At most this many reservations per list call. */
export const MAX_RESERVATION_PAGE = 500;

/** ACTIVE holds stock; SOLD and RELEASED are final (a RELEASED one without lines is a tombstone). */
export const RESERVATION_STATUSES = ['ACTIVE', 'SOLD', 'RELEASED'] as const;
export const reservationStatus = z.enum(RESERVATION_STATUSES);

const correlationId = z.string().min(1).max(128);

export const reservationLine = z.object({
  productId: uuid,
  quantity: z.number().int().min(1).max(MAX_RESERVATION_QUANTITY),
});

export const reserveRequest = z.object({
  /** The order id: the reservation's identity, so a retried call reserves once. */
  reservationId: uuid,
  storeId: uuid,
  lines: z
    .array(reservationLine)
    .min(1)
    .max(MAX_RESERVATION_LINES)
    .refine((lines) => new Set(lines.map((l) => l.productId.toLowerCase())).size === lines.length, 'each product may appear once'),
  correlationId,
});

export const releaseRequest = z.object({
  /** Why the stock goes back (payment declined, checkout expired, reconciled...), kept on the reservation. */
  reason: z.string().trim().min(1).max(500),
});

/** Query string of the list route (strings, as HTTP sends them). */
export const listReservationsQuery = z.object({
  /** Only ACTIVE reservations are listed: the reconciler's question is "what still holds stock". */
  status: z.literal('ACTIVE').default('ACTIVE'),
  createdBefore: timestamp,
  limit: z.coerce.number().int().min(1).max(MAX_RESERVATION_PAGE).default(100),
});

export const reservationObject = z.object({
  id: uuid,
  /** Null only for a tombstone (released before any reserve call arrived: inventory never knew its store). */
  storeId: uuid.nullable(),
  status: reservationStatus,
  lines: z.array(reservationLine),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const reservationShortage = z.object({
  productId: uuid,
  requested: z.number().int(),
  /** Units available now in the store: max(onHand - reserved, 0), 0 when it holds none. */
  available: z.number().int().min(0),
});

export const reserveResponse = z.discriminatedUnion('outcome', [
  /** Stock is held (now, or by an earlier call with the same id: the same answer). */
  z.object({ outcome: z.literal('RESERVED'), reservation: reservationObject }),
  /** Nothing was reserved: these lines lack stock. */
  z.object({ outcome: z.literal('OUT_OF_STOCK'), shortages: z.array(reservationShortage).min(1) }),
  /** The id is already SOLD or RELEASED (e.g. a tombstone written by a release that came first): nothing was reserved. */
  z.object({ outcome: z.literal('CLOSED'), reservation: reservationObject }),
]);

/** The answer of sell and release (200). */
export const reservationAnswer = z.object({ reservation: reservationObject });

/** 409 of sell (the reservation was RELEASED) and release (it was SOLD). */
export const reservationConflict = z.object({ error: z.string(), reservation: reservationObject });

export const listReservationsResponse = z.object({
  reservations: z.array(z.object({ id: uuid, storeId: uuid, createdAt: timestamp })),
});

/** Any other refusal (400 with the zod `issues`, 401, 404, 500). */
export const reservationError = z.object({ error: z.string(), issues: z.array(z.unknown()).optional() });

export type ReservationStatus = z.infer<typeof reservationStatus>;
export type ReservationLine = z.infer<typeof reservationLine>;
export type ReserveRequest = z.infer<typeof reserveRequest>;
export type ReleaseRequest = z.infer<typeof releaseRequest>;
export type ListReservationsQuery = z.infer<typeof listReservationsQuery>;
export type Reservation = z.infer<typeof reservationObject>;
export type ReservationShortage = z.infer<typeof reservationShortage>;
export type ReserveResponse = z.infer<typeof reserveResponse>;
export type ReservationAnswer = z.infer<typeof reservationAnswer>;
export type ReservationConflict = z.infer<typeof reservationConflict>;
export type ListReservationsResponse = z.infer<typeof listReservationsResponse>;
export type ReservationError = z.infer<typeof reservationError>;
