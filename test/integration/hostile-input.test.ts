/**
 * Every entry point answers bad input with a coded GraphQL error, never an internal one: every
 * Query and Mutation field of the supergraph is called through the gateway with malformed,
 * hostile, oversized and unknown arguments, as an admin (who reaches every resolver) and as a
 * partner. New fields are covered the day they are added: the calls are built from the schema.
 */
import { randomUUID } from 'node:crypto';
import { getNamedType, isEnumType, isInputObjectType, isInterfaceType, isListType, isNonNullType, isObjectType, isScalarType, type GraphQLField, type GraphQLInputType, type GraphQLOutputType } from 'graphql';
import { composeApiSchema } from '@miw/gateway';
import { accessTokenFor, graphql } from '@miw/testing';
import { startWholeRegion, type WholeRegion } from './support/stack';

/** The kinds of bad input each field receives; every argument (and input field) of a call gets the same kind. */
const VARIANTS = ['malformed', 'hostile', 'oversized', 'unknown'] as const;
type Variant = (typeof VARIANTS)[number];

const STRINGS: Record<Variant, string> = {
  malformed: 'not-a-uuid',
  // No control characters: the gateway refuses those at the edge (gateway/test/hostile), before any resolver.
  hostile: "'); DROP TABLE catalog.product; --%_\\",
  oversized: 'x'.repeat(20_000),
  unknown: '00000000-0000-4000-8000-000000000000',
};
const INTS: Record<Variant, number> = { malformed: -1, hostile: -2_147_483_648, oversized: 2_147_483_647, unknown: 0 };
const SCALARS: Record<string, Record<Variant, unknown>> = {
  Float: { malformed: -1, hostile: -1e308, oversized: 1e308, unknown: 0 },
  Boolean: { malformed: true, hostile: false, oversized: true, unknown: false },
  DateTime: { malformed: 'yesterday', hostile: '0000-00-00T99:99:99Z', oversized: '9999-12-31T23:59:59.999Z', unknown: '1970-01-01T00:00:00Z' },
  JSONObject: { malformed: {}, hostile: JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": {}}}'), oversized: { blob: 'x'.repeat(70_000) }, unknown: { a: { b: { c: [1, null, 'x'] } } } },
};

function value(type: GraphQLInputType, variant: Variant, depth = 0): unknown {
  if (isNonNullType(type)) return value(type.ofType, variant, depth);
  // Lists: empty, one item, 500 items, one item.
  if (isListType(type)) return Array.from({ length: { malformed: 0, hostile: 1, oversized: 500, unknown: 1 }[variant] }, () => value(type.ofType, variant === 'oversized' ? 'unknown' : variant, depth + 1));
  if (isEnumType(type)) return type.getValues()[VARIANTS.indexOf(variant) % type.getValues().length]!.name;
  if (isInputObjectType(type)) {
    // Required fields always; optional ones too, except for 'malformed' (the bare minimum).
    const fields = Object.values(type.getFields()).filter((f) => depth < 3 && (isNonNullType(f.type) || variant !== 'malformed'));
    return Object.fromEntries(fields.map((f) => [f.name, value(f.type, variant, depth + 1)]));
  }
  if (isScalarType(type)) {
    if (type.name === 'Int') return INTS[variant];
    return SCALARS[type.name]?.[variant] ?? STRINGS[variant];
  }
  throw new Error(`no value for ${String(type)}`);
}

/** A selection of the field's own scalars and one level of objects, so resolvers below the root run too. */
function selection(type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type);
  if (!isObjectType(named) && !isInterfaceType(named)) return isScalarType(named) || isEnumType(named) ? '' : '{ __typename }';
  const fields = Object.values(named.getFields()).filter((f) => f.args.every((a) => !isNonNullType(a.type)));
  const leaves = fields.filter((f) => isScalarType(getNamedType(f.type)) || isEnumType(getNamedType(f.type))).map((f) => f.name);
  const objects = depth === 0 ? fields.filter((f) => isObjectType(getNamedType(f.type))).slice(0, 4).map((f) => `${f.name} ${selection(f.type, 1)}`) : [];
  return `{ __typename ${[...leaves, ...objects].join(' ')} }`;
}

function call(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, variant: Variant) {
  const decl = field.args.length ? `(${field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')})` : '';
  const args = field.args.length ? `(${field.args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  return { query: `${kind} Hostile${decl} { ${field.name}${args} ${selection(field.type)} }`, variables: Object.fromEntries(field.args.map((a) => [a.name, value(a.type, variant)])) };
}

describe('hostile input to every operation, through the gateway', () => {
  let region: WholeRegion;

  beforeAll(async () => {
    region = await startWholeRegion('hostile', { limits: { perIp: 1_000_000, perIdentity: 1_000_000 } });
  });
  afterAll(async () => {
    await region?.close();
  });

  it('answers every call with data or errors that carry a code, never INTERNAL_SERVER_ERROR or a 5xx', async () => {
    const apiSchema = composeApiSchema();
    const identities = {
      admin: await accessTokenFor({ kind: 'user', userId: randomUUID(), role: 'ADMIN', organizationId: null, region: 'eu', scopes: [] }),
      partner: await accessTokenFor({ kind: 'user', userId: randomUUID(), role: 'PARTNER', organizationId: randomUUID(), region: 'eu', scopes: [] }),
    };
    const problems: string[] = [];
    const codes = new Map<string, number>();
    let answered = 0;
    for (const kind of ['query', 'mutation'] as const) {
      const root = kind === 'query' ? apiSchema.getQueryType()! : apiSchema.getMutationType()!;
      for (const field of Object.values(root.getFields())) {
        for (const variant of VARIANTS) {
          const { query, variables } = call(kind, field, variant);
          for (const [who, token] of Object.entries(identities)) {
            const res = await graphql(region.gateway.url, query, variables, { authorization: `Bearer ${token}` });
            const where = `${kind} ${field.name} (${variant}, ${who})`;
            if (res.status >= 500) problems.push(`${where}: HTTP ${res.status}`);
            if (res.data?.[field.name] !== undefined && res.data[field.name] !== null) answered += 1;
            for (const error of res.errors ?? []) {
              const code = error.extensions?.code as string | undefined;
              codes.set(code ?? 'none', (codes.get(code ?? 'none') ?? 0) + 1);
              if (!code || code === 'INTERNAL_SERVER_ERROR') problems.push(`${where}: ${code ?? 'no code'}: ${error.message.slice(0, 200)}`);
            }
          }
        }
      }
    }
    expect(problems).toEqual([]);
    // The calls reached resolvers (not all stopped at the edge): some answered, and the refusals
    // include input validation by the resolvers themselves.
    expect(answered).toBeGreaterThan(50);
    expect(codes.get('BAD_USER_INPUT')).toBeGreaterThan(50);
    expect(codes.has('RATE_LIMITED')).toBe(false);
  }, 180_000);
});
