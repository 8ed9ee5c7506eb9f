/**
 * What the resolvers of each GraphQL object receive (the codegen mappers of codegen.config.ts): a
 * row of the data layer, or, for subscriptions, the payload of a live inventory event minus its
 * audience. Both carry the same field names (event dates are ISO strings, which the DateTime
 * scalar serializes unchanged), so every field resolves from either.
 */
import type { LevelPayload, ShipmentPayload, StockRequestPayload } from '@miw/contracts';
import type { InventoryLevel, ShipmentItem, StockRequestItem, TrackingEvent } from './data/db';
import type { FullShipment } from './data/shipments';
import type { StockRequestWithItems } from './data/stock-requests';

/** An event payload as a subscriber receives it: without the audience it was filtered by. */
export type LiveObject<P extends { audience: unknown }> = Omit<P, 'audience'>;

export type LevelObject = InventoryLevel | LiveObject<LevelPayload>;
export type StockRequestObject = StockRequestWithItems | LiveObject<StockRequestPayload>;
export type StockRequestItemObject = StockRequestItem | StockRequestPayload['items'][number];
export type ShipmentObject = FullShipment | LiveObject<ShipmentPayload>;
export type ShipmentItemObject = ShipmentItem | ShipmentPayload['items'][number];
export type TrackingEventObject = TrackingEvent | ShipmentPayload['trackingEvents'][number];

/** A catalog product as the gateway references it, with the @requires fields of `inventoryLevels`. */
export interface ProductRef {
  id: string;
  manufacturer?: { organization?: { id: string } | null } | null;
}

/** A catalog store as the gateway references it, with the @requires fields of `inventoryLevels`. */
export interface StoreRef {
  id: string;
  partnerOrganization?: { id: string } | null;
}

/** An auth organization (owned by auth; inventory only names it). */
export interface OrganizationRef {
  id: string;
}
