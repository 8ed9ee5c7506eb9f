/**
 * Managing an organization's webhook endpoints and reading their deliveries. An endpoint belongs to
 * the organization of the user who created it; its members manage it, admins manage any. Someone
 * else's endpoint answers NOT_FOUND, as one that does not exist. The signing secret is answered
 * once, by create and rotate, and never again.
 */
import { randomBytes } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Viewer } from '@miw/auth';
import { ErrorCode, isUuid } from '@miw/contracts';
import { timeCursor, toConnection, type Connection, type TimeCursor } from '@miw/service-kit';
import type { NotifyDb, WebhookDelivery, WebhookEndpoint } from '../data/db';
import {
  countEndpoints,
  failPendingDeliveries,
  findDelivery,
  findEndpoint,
  insertEndpoint,
  listDeliveriesOf,
  listEndpointsOf,
  lockOrganizationEndpoints,
  resetDelivery,
  updateEndpointRow,
} from '../data/webhooks';
import { fail } from '../domain/failure';
import { checkEventTypes, checkWebhookUrl, MAX_DESCRIPTION_LENGTH, MAX_ENDPOINTS_PER_ORGANIZATION, type WebhookSettings } from '../domain/webhooks';
import { checkPublicTarget, TargetRefused } from '../webhooks/http';

export interface WebhookContext {
  db: NotifyDb;
  viewer: Viewer;
  webhooks: Pick<WebhookSettings, 'allowPrivate' | 'requireHttps'>;
}

export const deliveryCursor = timeCursor('webhook-delivery');

/** whsec_ and 24 random bytes in base64: the Standard Webhooks secret format. */
const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

const forbidden = (message: string) => new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN } });
const notFound = (what: string, field: string) => new GraphQLError(`No ${what} you may see has this id`, { extensions: { code: ErrorCode.NOT_FOUND, field } });

function viewerOf({ viewer }: WebhookContext) {
  if (!viewer) throw new GraphQLError('Sign in first', { extensions: { code: ErrorCode.UNAUTHENTICATED } });
  return viewer;
}

const mayManage = (ctx: WebhookContext, endpoint: WebhookEndpoint): boolean => {
  const viewer = viewerOf(ctx);
  return viewer.role === 'ADMIN' || (viewer.organizationId !== null && viewer.organizationId === endpoint.organizationId);
};

/** The endpoint if the viewer may manage it; null otherwise (the caller answers NOT_FOUND). */
async function manageable(ctx: WebhookContext, id: string): Promise<WebhookEndpoint | null> {
  const endpoint = await findEndpoint(ctx.db, id);
  return endpoint && mayManage(ctx, endpoint) ? endpoint : null;
}

/** An endpoint by reference (federation): null unless the viewer may manage it (or the id is malformed). */
export async function findManageableEndpoint(ctx: WebhookContext, id: string): Promise<WebhookEndpoint | null> {
  if (!isUuid(id) || !ctx.viewer) return null;
  return manageable(ctx, id.toLowerCase());
}

/** The URL rules, the DNS check included when private targets are not allowed. */
async function checkUrl(ctx: WebhookContext, raw: string): Promise<string> {
  const check = checkWebhookUrl(raw, ctx.webhooks);
  if (!check.ok) return fail('URL_NOT_ALLOWED', 'input.url', check.message);
  if (!ctx.webhooks.allowPrivate) {
    try {
      await checkPublicTarget(check.url);
    } catch (error) {
      if (error instanceof TargetRefused) return fail('URL_NOT_ALLOWED', 'input.url', `url is not allowed: ${error.message}`);
      throw error;
    }
  }
  return check.url;
}

function checkTypes(types: readonly string[]): string[] {
  if (types.length > 100) return fail('INVALID', 'input.eventTypes', 'eventTypes holds at most 100 entries');
  const check = checkEventTypes(types);
  return check.ok ? check.types : fail('INVALID', 'input.eventTypes', check.message);
}

function checkDescription(description: string | null | undefined): string | null {
  const text = description?.trim() ?? '';
  if (text.length > MAX_DESCRIPTION_LENGTH) return fail('INVALID', 'input.description', `description must be at most ${MAX_DESCRIPTION_LENGTH} characters`);
  return text || null;
}

/** The endpoints of the viewer's organization, or of `organizationId` for admins. */
export async function listWebhookEndpoints(ctx: WebhookContext, organizationId: string | null): Promise<WebhookEndpoint[]> {
  const viewer = viewerOf(ctx);
  const organization = organizationId ?? viewer.organizationId;
  if (organizationId && viewer.role !== 'ADMIN' && organizationId !== viewer.organizationId) throw forbidden("Only admins may list another organization's endpoints");
  if (!organization) return [];
  return listEndpointsOf(ctx.db, organization);
}

export interface CreateEndpointInput {
  url: string;
  eventTypes: readonly string[];
  description?: string | null;
}

export async function createWebhookEndpoint(ctx: WebhookContext, input: CreateEndpointInput): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const viewer = viewerOf(ctx);
  const organizationId = viewer.organizationId;
  if (!organizationId) throw forbidden('Webhook endpoints belong to an organization: sign in as a member of one');
  const eventTypes = checkTypes(input.eventTypes);
  const description = checkDescription(input.description);
  const url = await checkUrl(ctx, input.url);
  const secret = newSecret();
  const endpoint = await ctx.db.$transaction(async (tx) => {
    await lockOrganizationEndpoints(tx, organizationId);
    if ((await countEndpoints(tx, organizationId)) >= MAX_ENDPOINTS_PER_ORGANIZATION) {
      return fail('LIMIT_REACHED', null, `An organization has at most ${MAX_ENDPOINTS_PER_ORGANIZATION} webhook endpoints; delete one first`);
    }
    return insertEndpoint(tx, { organizationId, url, eventTypes, description, secret, createdBy: viewer.userId });
  });
  return { endpoint, secret };
}

export interface UpdateEndpointInput {
  id: string;
  url?: string | null;
  eventTypes?: readonly string[] | null;
  description?: string | null;
  enabled?: boolean | null;
}

export async function updateWebhookEndpoint(ctx: WebhookContext, input: UpdateEndpointInput): Promise<{ endpoint: WebhookEndpoint }> {
  const current = await manageable(ctx, input.id);
  if (!current) return fail('NOT_FOUND', 'input.id', 'No webhook endpoint of yours has this id');
  const eventTypes = input.eventTypes == null ? undefined : checkTypes(input.eventTypes);
  const description = input.description === undefined ? undefined : checkDescription(input.description);
  const url = input.url == null ? undefined : await checkUrl(ctx, input.url);
  const enabling = input.enabled === true && !current.enabled;
  const disabling = input.enabled === false && current.enabled;
  const endpoint = await ctx.db.$transaction(async (tx) => {
    if (disabling) await failPendingDeliveries(tx, current.id, 'the endpoint was disabled');
    return updateEndpointRow(tx, current.id, {
      ...(url !== undefined ? { url } : {}),
      ...(eventTypes !== undefined ? { eventTypes } : {}),
      ...(description !== undefined ? { description } : {}),
      // Re-enabling starts afresh: no failure run, no reason.
      ...(enabling ? { enabled: true, disabledReason: null, failingSince: null } : {}),
      ...(disabling ? { enabled: false, disabledReason: 'disabled by its owner' } : {}),
    });
  });
  return { endpoint };
}

export async function rotateWebhookEndpointSecret(ctx: WebhookContext, id: string): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const current = await manageable(ctx, id);
  if (!current) return fail('NOT_FOUND', 'id', 'No webhook endpoint of yours has this id');
  const secret = newSecret();
  const endpoint = await ctx.db.$transaction((tx) => updateEndpointRow(tx, current.id, { secret }));
  return { endpoint, secret };
}

export async function deleteWebhookEndpoint(ctx: WebhookContext, id: string): Promise<{ endpoint: WebhookEndpoint }> {
  const current = await manageable(ctx, id);
  if (!current) return fail('NOT_FOUND', 'id', 'No webhook endpoint of yours has this id');
  const endpoint = await ctx.db.$transaction(async (tx) => {
    await failPendingDeliveries(tx, current.id, 'the endpoint was deleted');
    return updateEndpointRow(tx, current.id, { deletedAt: new Date(), enabled: false, disabledReason: 'deleted' });
  });
  return { endpoint };
}

export interface DeliveryPage {
  size: number;
  after: TimeCursor | undefined;
}

/** A page of an endpoint's deliveries, newest first; NOT_FOUND (thrown) for someone else's endpoint. */
export async function listWebhookDeliveries(ctx: WebhookContext, endpointId: string, page: DeliveryPage): Promise<Connection<WebhookDelivery>> {
  const endpoint = await manageable(ctx, endpointId);
  if (!endpoint) throw notFound('webhook endpoint', 'endpointId');
  const rows = page.size === 0 ? [] : await listDeliveriesOf(ctx.db, endpoint.id, page.size + 1, page.after);
  return toConnection(rows, page.size, deliveryCursor.encode, Boolean(page.after));
}

/** Sends a delivery again: PENDING, attempts from zero, due now. */
export async function redeliverWebhook(ctx: WebhookContext, deliveryId: string): Promise<{ delivery: WebhookDelivery }> {
  const delivery = await findDelivery(ctx.db, deliveryId);
  const endpoint = delivery ? await manageable(ctx, delivery.endpointId) : null;
  if (!delivery || !endpoint) return fail('NOT_FOUND', 'deliveryId', 'No webhook delivery of yours has this id');
  if (!endpoint.enabled) return fail('INVALID', 'deliveryId', 'The endpoint is disabled: enable it first');
  return { delivery: await resetDelivery(ctx.db, delivery.id) };
}
