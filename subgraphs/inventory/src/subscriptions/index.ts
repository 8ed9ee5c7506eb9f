/**
 * `type Subscription` of the inventory subgraph, served to the gateway over graphql-ws (service-kit).
 * Events come from Kafka through a live consumer per instance (`@miw/events` createLiveEvents),
 * so a change committed through any instance reaches subscribers on every instance. Each event
 * is filtered for the subscriber (`visibleTo(viewer, payload.audience)`) and returned minus its
 * audience: the payload is the entity snapshot the object resolvers read.
 *
 * Subscribe functions are plain functions returning the stream (not async generators), so a
 * refusal is an error at subscribe time.
 */
import { forbidden, unauthenticated, type Role, type Viewer } from '@miw/auth';
import { filterMap, type DispatchKeys, type LiveEvents, type LiveStream } from '@miw/events';
import { topicName, type EventEnvelope, type RegionCode } from '@miw/contracts';
import { GraphQLError } from 'graphql';
import { createLoaders, type InventoryContext } from '../context';
import { audienceFor } from '../data/projection';
import { audienceOf, visibleTo, type Audience } from '../domain/audience';
import { requestAudience } from '../resolvers/stock-requests';

export const LIVE_ENTITIES = { level: 'inventory_level', shipment: 'shipment', stockRequest: 'stock_request' } as const;

/** Every shipment event, for `myShipmentsUpdated`. */
const ALL_SHIPMENTS = 'shipments';

/** The live topics and how their events are dispatched to listeners. */
export function liveTopics(region: RegionCode, prefix: string): Record<string, DispatchKeys> {
  return {
    [topicName(region, 'inventory', LIVE_ENTITIES.level, prefix)]: (e) => {
      const storeId = (e.payload as { storeId?: unknown }).storeId;
      return typeof storeId === 'string' ? [`store:${storeId}`] : [];
    },
    [topicName(region, 'inventory', LIVE_ENTITIES.shipment, prefix)]: (e) => [`shipment:${e.entityId}`, ALL_SHIPMENTS],
    [topicName(region, 'inventory', LIVE_ENTITIES.stockRequest, prefix)]: (e) => [`stock_request:${e.entityId}`],
  };
}

export interface SubscriptionDeps {
  region: RegionCode;
  topicPrefix: string;
  /** The instance's live events; undefined until the service's workers started. */
  live(): LiveEvents | undefined;
}

const SHIPMENT_WATCHERS: Role[] = ['ADMIN', 'PARTNER', 'MANUFACTURER', 'LOGISTICS'];
const REQUEST_WATCHERS: Role[] = ['ADMIN', 'PARTNER', 'MANUFACTURER'];

const notFound = (what: string) => new GraphQLError(`No ${what} you may see has this id`, { extensions: { code: 'NOT_FOUND' } });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function requireUuid(value: string, name: string): void {
  if (!UUID.test(value)) throw new GraphQLError(`${name} must be a UUID`, { extensions: { code: 'BAD_USER_INPUT', field: name } });
}

function requireRole(viewer: Viewer, roles: readonly Role[]): asserts viewer is NonNullable<Viewer> {
  if (!viewer) throw unauthenticated('Sign in to subscribe');
  if (!roles.includes(viewer.role)) throw forbidden(`Only ${roles.join(', ')} may subscribe to this`);
}

/** The event's entity snapshot for `viewer`, or undefined when the viewer may not see it. */
export function snapshotFor(viewer: Viewer, event: EventEnvelope): Record<string, unknown> | undefined {
  const { audience, ...snapshot } = event.payload as { audience?: Audience } & Record<string, unknown>;
  return visibleTo(viewer, audience ?? { organizationIds: [] }) ? snapshot : undefined;
}

/**
 * The events of `stream` that `ctx.viewer` may see, as `{ [field]: snapshot }`. The context lives
 * as long as the subscription: each event gets fresh loaders, so fields that read the database
 * (e.g. `Shipment.stockRequest`) never answer from a previous event's cache.
 */
function visibleEvents(ctx: InventoryContext, field: string, stream: LiveStream<EventEnvelope>): LiveStream<Record<string, unknown>> {
  return filterMap(stream, (event) => {
    const snapshot = snapshotFor(ctx.viewer, event);
    if (!snapshot) return undefined;
    ctx.loaders = createLoaders(ctx.db);
    return { [field]: snapshot };
  });
}

/** Opens the stream first (no event lost during the check), then runs `check`; a refusal closes it. */
async function checked<T>(stream: LiveStream<T>, check: () => Promise<void>): Promise<LiveStream<T>> {
  try {
    await check();
    return stream;
  } catch (error) {
    await stream.return();
    throw error;
  }
}

export function subscriptionResolvers(deps: SubscriptionDeps) {
  const topic = (entity: string) => topicName(deps.region, 'inventory', entity, deps.topicPrefix);
  const live = (): LiveEvents => {
    const source = deps.live();
    if (!source) throw new GraphQLError('Subscriptions are starting; retry shortly', { extensions: { code: 'SERVICE_UNAVAILABLE' } });
    return source;
  };
  return {
    inventoryLevelChanged: {
      subscribe: (_: unknown, { storeId }: { storeId: string }, ctx: InventoryContext) => {
        const { viewer } = ctx;
        requireRole(viewer, ['ADMIN', 'PARTNER', 'MANUFACTURER']);
        requireUuid(storeId, 'storeId');
        const stream = visibleEvents(ctx, 'inventoryLevelChanged', live().listen(topic(LIVE_ENTITIES.level), `store:${storeId}`));
        // Each event is still filtered (a maker sees its own products' levels in any store). A
        // partner watching a store another organization runs is refused at once rather than left
        // with a silent stream. A store the projection does not know yet (just created in the
        // catalog) is not refused: its events reach the partner only if it runs it.
        if (viewer.role !== 'PARTNER') return stream;
        return checked(stream, async () => {
          const store = await ctx.loaders.store.load(storeId);
          if (store && (store.region !== ctx.region || !visibleTo(viewer, audienceOf(store.partnerOrganizationId)))) {
            throw forbidden('A partner may watch only the stock of the stores it runs');
          }
        });
      },
    },
    shipmentUpdated: {
      subscribe: (_: unknown, { shipmentId }: { shipmentId: string }, ctx: InventoryContext) => {
        requireRole(ctx.viewer, SHIPMENT_WATCHERS);
        requireUuid(shipmentId, 'shipmentId');
        const stream = visibleEvents(ctx, 'shipmentUpdated', live().listen(topic(LIVE_ENTITIES.shipment), `shipment:${shipmentId}`));
        return checked(stream, async () => {
          const s = await ctx.loaders.shipment.load(shipmentId);
          if (!s || !visibleTo(ctx.viewer, await audienceFor(ctx.db, s.storeId, s.items.map((i) => i.productId), s.logisticsOrganizationId))) throw notFound('shipment');
        });
      },
    },
    myShipmentsUpdated: {
      subscribe: (_: unknown, __: unknown, ctx: InventoryContext) => {
        requireRole(ctx.viewer, SHIPMENT_WATCHERS);
        return visibleEvents(ctx, 'myShipmentsUpdated', live().listen(topic(LIVE_ENTITIES.shipment), ALL_SHIPMENTS));
      },
    },
    stockRequestUpdated: {
      subscribe: (_: unknown, { id }: { id: string }, ctx: InventoryContext) => {
        requireRole(ctx.viewer, REQUEST_WATCHERS);
        requireUuid(id, 'id');
        const stream = visibleEvents(ctx, 'stockRequestUpdated', live().listen(topic(LIVE_ENTITIES.stockRequest), `stock_request:${id}`));
        return checked(stream, async () => {
          const request = await ctx.loaders.stockRequest.load(id);
          if (!request || !visibleTo(ctx.viewer, await requestAudience(ctx, request))) throw notFound('stock request');
        });
      },
    },
  };
}
