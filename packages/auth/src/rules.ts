/**
 * Access rules, declared next to each subgraph's schema (the Apollo gateway rejects
 * @authenticated/@requiresScopes, so the subgraphs enforce them). Every Query and Mutation field
 * must have a rule: a field without one fails at start-up, and the role-matrix test reads the
 * same declarations. Row-level rules (whose data) stay in the domain code.
 */
import { defaultFieldResolver, GraphQLError, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { Role, Viewer } from './viewer';

export type Rule = { kind: 'public' } | { kind: 'authenticated' } | { kind: 'roles'; roles: readonly Role[] };

export const allow = {
  /** Anyone, signed in or not. */
  public: { kind: 'public' } as Rule,
  /** Any signed-in user. */
  authenticated: { kind: 'authenticated' } as Rule,
  /** Signed-in users with one of these roles. */
  roles: (...roles: Role[]): Rule => ({ kind: 'roles', roles }),
};

export type AccessRules = Partial<Record<'Query' | 'Mutation', Record<string, Rule>>>;

/** Fields federation adds; reachable only with the gateway's internal token, which is checked first. */
const FEDERATION_FIELDS = new Set(['_entities', '_service']);

export function unauthenticated(message = 'Sign in to use this field', extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', ...extensions } });
}

export function forbidden(message = 'You are not allowed to do this', extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', ...extensions } });
}

/**
 * Throws UNAUTHENTICATED / FORBIDDEN when `viewer` does not satisfy `rule`. These errors carry
 * `extensions.accessRule` (the rule that refused), unlike row-level or credential refusals.
 */
export function enforce(rule: Rule, viewer: Viewer, operation: 'Query' | 'Mutation' = 'Query'): void {
  // An API key without the `write` scope reads only, whatever its owner may do.
  if (operation === 'Mutation' && viewer?.apiKeyId && !viewer.scopes.includes('write')) throw forbidden('This API key has no write scope', { accessRule: 'scope' });
  if (rule.kind === 'public') return;
  if (!viewer) throw unauthenticated('Sign in to use this field', { accessRule: rule.kind });
  if (rule.kind === 'roles' && !rule.roles.includes(viewer.role)) throw forbidden(`Only ${rule.roles.join(', ')} may use this field`, { accessRule: rule.kind });
}

/** Lists root fields of `schema` that have no rule (the check `applyAccessRules` runs). */
export function missingRules(schema: GraphQLSchema, rules: AccessRules): string[] {
  const missing: string[] = [];
  for (const typeName of ['Query', 'Mutation'] as const) {
    const type = typeName === 'Query' ? schema.getQueryType() : schema.getMutationType();
    for (const name of Object.keys(type?.getFields() ?? {})) if (!FEDERATION_FIELDS.has(name) && !rules[typeName]?.[name]) missing.push(`${typeName}.${name}`);
  }
  return missing;
}

/** Wraps every root field's resolver with its rule. `viewerOf` reads the viewer from the context. */
export function applyAccessRules<Ctx>(schema: GraphQLSchema, rules: AccessRules, viewerOf: (ctx: Ctx) => Viewer): GraphQLSchema {
  const missing = missingRules(schema, rules);
  if (missing.length) throw new Error(`fields without an access rule: ${missing.join(', ')}`);
  for (const typeName of ['Query', 'Mutation'] as const) {
    const type = typeName === 'Query' ? schema.getQueryType() : schema.getMutationType();
    for (const [name, field] of Object.entries(type?.getFields() ?? {})) {
      if (FEDERATION_FIELDS.has(name)) continue;
      const rule = rules[typeName]![name]!;
      const resolve = (field.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, Ctx>;
      field.resolve = (source, args, ctx, info) => {
        enforce(rule, viewerOf(ctx), typeName);
        return resolve(source, args, ctx, info);
      };
    }
  }
  return schema;
}
