/**
 * The role matrix: every Query and Mutation field of the supergraph, called through the gateway
 * as every role (and anonymously). The table below is the access policy; the subgraphs' rule
 * declarations must match it, and a schema field missing from it fails this test.
 */
import { randomUUID } from 'node:crypto';
import { getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLField, type GraphQLInputType } from 'graphql';
import { ROLES, type AccessRules, type Role, type Rule } from '@miw/auth';
import * as auth from '@miw/subgraph-auth';
import * as catalog from '@miw/subgraph-catalog';
import * as inventory from '@miw/subgraph-inventory';
import * as notify from '@miw/subgraph-notify';
import * as orders from '@miw/subgraph-orders';
import { composeApiSchema } from '@miw/gateway';
import { accessTokenFor, graphql } from '@miw/testing';
import { startWholeRegion, type WholeRegion } from './support/stack';

type Policy = 'public' | 'authenticated' | Role[];

const MATRIX: Record<string, Policy> = {
  'Query.me': 'public',
  'Query.products': 'public',
  'Query.product': 'public',
  'Query.category': 'public',
  'Query.categories': 'public',
  'Query.stores': 'public',
  'Query.manufacturers': 'public',
  'Query.manufacturer': 'public',
  'Query.order': 'authenticated',
  'Query.myOrders': 'authenticated',
  'Query.storeOrders': ['PARTNER', 'ADMIN'],
  'Query.orders': ['ADMIN'],
  'Query.demandOrders': ['MANUFACTURER'],
  'Query.myCart': ['CUSTOMER'],
  'Query.myCarts': ['CUSTOMER'],
  'Mutation.addToCart': ['CUSTOMER'],
  'Mutation.updateCartItem': ['CUSTOMER'],
  'Mutation.removeFromCart': ['CUSTOMER'],
  'Mutation.clearCart': ['CUSTOMER'],
  'Mutation.checkout': ['CUSTOMER'],
  'Mutation.confirmOrder': ['PARTNER', 'ADMIN'],
  'Mutation.markOrderReady': ['PARTNER', 'ADMIN'],
  'Mutation.shipOrder': ['PARTNER', 'ADMIN'],
  'Mutation.fulfillOrder': ['PARTNER', 'ADMIN'],
  'Mutation.cancelOrder': ['CUSTOMER', 'PARTNER', 'ADMIN'],
  'Query.myNotifications': 'authenticated',
  'Query.unreadNotificationCount': 'authenticated',
  'Query.myNotificationPreferences': 'authenticated',
  'Query.webhookEventTypes': 'authenticated',
  'Query.webhookEndpoints': ['ADMIN', 'LOGISTICS', 'MANUFACTURER', 'PARTNER'],
  'Query.webhookDeliveries': ['ADMIN', 'LOGISTICS', 'MANUFACTURER', 'PARTNER'],
  'Query.dailyReport': ['ADMIN'],
  'Mutation.markNotificationRead': 'authenticated',
  'Mutation.markAllNotificationsRead': 'authenticated',
  'Mutation.setNotificationPreference': 'authenticated',
  'Mutation.createWebhookEndpoint': ['ADMIN', 'LOGISTICS', 'MANUFACTURER', 'PARTNER'],
  'Mutation.updateWebhookEndpoint': ['ADMIN', 'LOGISTICS', 'MANUFACTURER', 'PARTNER'],
  'Mutation.rotateWebhookEndpointSecret': ['ADMIN', 'LOGISTICS', 'MANUFACTURER', 'PARTNER'],
  'Mutation.deleteWebhookEndpoint': ['ADMIN', 'LOGISTICS', 'MANUFACTURER', 'PARTNER'],
  'Mutation.redeliverWebhook': ['ADMIN', 'LOGISTICS', 'MANUFACTURER', 'PARTNER'],
  'Mutation.createProduct': ['ADMIN', 'MANUFACTURER'],
  'Mutation.updateProduct': ['ADMIN', 'MANUFACTURER'],
  'Mutation.archiveProduct': ['ADMIN', 'MANUFACTURER'],
  'Mutation.deleteProduct': ['ADMIN'],
  'Mutation.createManufacturer': ['ADMIN'],
  'Mutation.updateManufacturer': ['ADMIN'],
  'Mutation.deleteManufacturer': ['ADMIN'],
  'Mutation.createCategory': ['ADMIN'],
  'Mutation.updateCategory': ['ADMIN'],
  'Mutation.deleteCategory': ['ADMIN'],
  'Mutation.createStore': ['ADMIN'],
  'Mutation.updateStore': ['ADMIN'],
  'Mutation.deleteStore': ['ADMIN'],
  'Mutation.requestLoginCode': 'public',
  'Mutation.verifyLoginCode': 'public',
  'Mutation.refreshSession': 'public',
  'Mutation.logout': 'public',
  'Mutation.logoutEverywhere': 'authenticated',
  'Query.users': ['ADMIN'],
  'Query.syncStatus': ['ADMIN'],
  'Mutation.createUser': ['ADMIN'],
  'Mutation.updateUser': ['ADMIN'],
  'Mutation.deactivateUser': ['ADMIN'],
  'Mutation.createOrganization': ['ADMIN'],
  'Mutation.updateOrganization': ['ADMIN'],
  'Mutation.deactivateOrganization': ['ADMIN'],
  'Mutation.inviteToOrganization': ['ADMIN'],
  'Mutation.revokeInvitation': ['ADMIN'],
  'Query.organizations': ['ADMIN'],
  'Query.invitations': ['ADMIN'],
  'Query.auditLog': ['ADMIN'],
  'Mutation.register': 'public',
  'Mutation.updateMe': 'authenticated',
  'Mutation.deleteMe': 'authenticated',
  'Query.myApiKeys': 'authenticated',
  'Mutation.createApiKey': ['ADMIN', 'PARTNER', 'LOGISTICS'],
  'Mutation.revokeApiKey': 'authenticated',
  'Mutation.setApiKeyRateLimit': ['ADMIN', 'PARTNER', 'LOGISTICS'],
  'Query.inventoryLevel': ['ADMIN', 'PARTNER', 'MANUFACTURER'],
  'Query.stockRequests': ['ADMIN', 'PARTNER', 'MANUFACTURER'],
  'Query.stockRequest': ['ADMIN', 'PARTNER', 'MANUFACTURER'],
  'Query.shipments': ['ADMIN', 'PARTNER', 'MANUFACTURER', 'LOGISTICS'],
  'Query.shipment': ['ADMIN', 'PARTNER', 'MANUFACTURER', 'LOGISTICS'],
  'Query.myShipments': ['LOGISTICS'],
  'Mutation.adjustInventory': ['ADMIN', 'PARTNER'],
  'Mutation.setLowStockThreshold': ['ADMIN', 'PARTNER'],
  'Mutation.createStockRequest': ['ADMIN', 'PARTNER'],
  'Mutation.approveStockRequest': ['ADMIN'],
  'Mutation.rejectStockRequest': ['ADMIN'],
  'Mutation.acknowledgeStockRequest': ['ADMIN', 'MANUFACTURER'],
  'Mutation.createShipment': ['ADMIN', 'MANUFACTURER'],
  'Mutation.assignShipment': ['ADMIN'],
  'Mutation.recordTrackingEvent': ['ADMIN', 'LOGISTICS'],
  'Mutation.verifyShipment': ['ADMIN', 'PARTNER'],
};

const policyOf = (rule: Rule): Policy => (rule.kind === 'roles' ? [...rule.roles].sort() : rule.kind);

/** A value of the input type that passes GraphQL validation (the resolver may still refuse it). */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) return Object.fromEntries(Object.values(type.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, sample(f.type)]));
  if (isScalarType(type)) return ({ ID: randomUUID(), Int: 1, Float: 1, Boolean: false, DateTime: new Date().toISOString(), JSONObject: {} } as Record<string, unknown>)[type.name] ?? 'x';
  throw new Error(`no sample for ${String(type)}`);
}

function operation(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const args = field.args.filter((a) => isNonNullType(a.type));
  const decl = args.length ? `(${args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')})` : '';
  const call = args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  const selection = isScalarType(getNamedType(field.type)) || isEnumType(getNamedType(field.type)) ? '' : ' { __typename }';
  return { query: `${kind}${decl} { ${field.name}${call}${selection} }`, variables: Object.fromEntries(args.map((a) => [a.name, sample(a.type)])) };
}

describe('role matrix: every operation x every role, through the gateway', () => {
  let region: WholeRegion;
  const declared: AccessRules[] = [auth.rules, catalog.rules, inventory.rules, orders.rules, notify.rules];

  beforeAll(async () => {
    region = await startWholeRegion('matrix');
  });
  afterAll(async () => {
    await region?.close();
  });

  it('declares exactly the policy of the table in the subgraphs rules', () => {
    const fromRules = Object.fromEntries(declared.flatMap((r) => (['Query', 'Mutation'] as const).flatMap((t) => Object.entries(r[t] ?? {}).map(([f, rule]) => [`${t}.${f}`, policyOf(rule)]))));
    const table = Object.fromEntries(Object.entries(MATRIX).map(([k, p]) => [k, Array.isArray(p) ? [...p].sort() : p]));
    expect(fromRules).toEqual(table);
  });

  it('gives every role exactly its access to every operation', async () => {
    const apiSchema = composeApiSchema();
    const outcomes: string[] = [];
    const mismatches: string[] = [];
    for (const kind of ['query', 'mutation'] as const) {
      const type = kind === 'query' ? apiSchema.getQueryType()! : apiSchema.getMutationType()!;
      for (const field of Object.values(type.getFields())) {
        const key = `${kind === 'query' ? 'Query' : 'Mutation'}.${field.name}`;
        const policy = MATRIX[key];
        if (!policy) {
          mismatches.push(`${key}: not in the matrix`);
          continue;
        }
        for (const role of [null, ...ROLES] as const) {
          const headers: Record<string, string> = role ? { authorization: `Bearer ${await accessTokenFor({ kind: 'user', userId: randomUUID(), role, organizationId: randomUUID(), region: 'eu', scopes: [] })}` } : {};
          const { query, variables } = operation(kind, field);
          const res = await graphql(region.gateway.url, query, variables, headers);
          // Only refusals by an access rule count; a rejected credential or a row-level refusal is a resolver's answer.
          const refusal = (res.errors ?? []).find((e) => e.extensions?.accessRule)?.extensions?.code;
          const got = refusal ?? 'allowed';
          const want = policy === 'public' ? 'allowed' : role === null ? 'UNAUTHENTICATED' : policy === 'authenticated' || policy.includes(role) ? 'allowed' : 'FORBIDDEN';
          outcomes.push(`${key} as ${role ?? 'anonymous'}: ${got}`);
          if (got !== want) mismatches.push(`${key} as ${role ?? 'anonymous'}: expected ${want}, got ${got} (${JSON.stringify(res.errors?.[0]?.message)})`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(outcomes.length).toBe(Object.keys(MATRIX).length * (ROLES.length + 1));
  });
});
