/** Custom scalars shared by every subgraph (same names and semantics everywhere). */
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

const invalid = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** ISO 8601 date-time in UTC, e.g. `2026-11-21T10:00:00.000Z`. */
export const DateTimeScalar: GraphQLScalarType<Date, string> = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An ISO 8601 date-time in UTC, e.g. 2026-11-21T10:00:00.000Z.',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime cannot represent an invalid date');
    return date.toISOString();
  },
  parseValue(value) {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(Date.parse(value))) throw invalid('DateTime must be an ISO 8601 string');
    return new Date(value);
  },
  parseLiteral(ast): Date {
    if (ast.kind !== Kind.STRING) throw invalid('DateTime must be an ISO 8601 string');
    return DateTimeScalar.parseValue(ast.value);
  },
});

export const JSON_MAX_BYTES = 16 * 1024;
const JSON_MAX_DEPTH = 8;

function checkJson(value: unknown, depth = 0): void {
  if (depth > JSON_MAX_DEPTH) throw invalid(`JSONObject is nested deeper than ${JSON_MAX_DEPTH} levels`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid('JSONObject numbers must be finite');
    return;
  }
  if (Array.isArray(value)) return value.forEach((v) => checkJson(v, depth + 1));
  if (typeof value === 'object') return Object.values(value as object).forEach((v) => checkJson(v, depth + 1));
  throw invalid('JSONObject holds an unsupported value');
}

function literalToValue(ast: ValueNode, variables?: Record<string, unknown> | null): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((v) => literalToValue(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToValue(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
    default:
      throw invalid('JSONObject literal not supported');
  }
}

/** A JSON object (not an array or a primitive), at most 16 KiB and 8 levels deep. */
export const JSONObjectScalar: GraphQLScalarType<Record<string, unknown>, Record<string, unknown>> = new GraphQLScalarType<Record<string, unknown>, Record<string, unknown>>({
  name: 'JSONObject',
  description: 'A JSON object: at most 16 KiB serialized and 8 levels deep.',
  serialize: (value) => value as Record<string, unknown>,
  parseValue(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('JSONObject must be an object');
    checkJson(value);
    if (Buffer.byteLength(JSON.stringify(value)) > JSON_MAX_BYTES) throw invalid(`JSONObject is larger than ${JSON_MAX_BYTES} bytes`);
    return value as Record<string, unknown>;
  },
  parseLiteral(ast, variables): Record<string, unknown> {
    return JSONObjectScalar.parseValue(literalToValue(ast, variables));
  },
});

export const scalarResolvers = { DateTime: DateTimeScalar, JSONObject: JSONObjectScalar };
