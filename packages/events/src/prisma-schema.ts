/**
 * The models of a Prisma schema, in the shape of Prisma's DMMF (`DMMF.Model` / `DMMF.Field`: name,
 * dbName, kind, type, isRequired, isList, nativeType), read from `schema.prisma`.
 *
 * Why not `Prisma.dmmf`: the `prisma-client` generator used here does not emit it (prisma/orm#28166),
 * and its embedded runtime data model lacks `isList`, `isRequired` and `nativeType`. The reader
 * covers the schema language our schemas use (fields, `?`, `[]`, `@map`, `@db.*`, `@@map`, enums);
 * when Prisma exposes the DMMF again, `Prisma.dmmf.datamodel.models` can replace it unchanged.
 */
import { readFileSync } from 'node:fs';

export interface PrismaField {
  name: string;
  /** Column name (`@map`), null when it is the field name. */
  dbName: string | null;
  kind: 'scalar' | 'enum' | 'object';
  /** Scalar type (`String`, `Int`, ...), enum or model name. */
  type: string;
  isRequired: boolean;
  isList: boolean;
  /** `@db.<Type>(args)` as [type, args], e.g. ['Uuid', []], ['Char', ['2']]. */
  nativeType: [string, string[]] | null;
}

export interface PrismaModel {
  name: string;
  /** Table name (`@@map`), null when it is the model name. */
  dbName: string | null;
  fields: PrismaField[];
}

const SCALARS = new Set(['String', 'Boolean', 'Int', 'BigInt', 'Float', 'Decimal', 'DateTime', 'Json', 'Bytes']);

/** Strips `//` comments (also `///` docs) that are not inside a string. */
const uncomment = (line: string) => line.replace(/\/\/.*$/, (comment, at: number) => ((line.slice(0, at).split('"').length - 1) % 2 === 1 ? comment : '')).trim();

/** The models of a schema text. */
export function parsePrismaModels(schema: string): PrismaModel[] {
  const lines = schema.split('\n').map(uncomment);
  const enums = new Set(lines.map((l) => /^enum\s+(\w+)\s*\{/.exec(l)?.[1]).filter((e): e is string => e !== undefined));
  const models: PrismaModel[] = [];
  let current: PrismaModel | undefined;
  for (const line of lines) {
    const start = /^model\s+(\w+)\s*\{/.exec(line);
    if (start) {
      current = { name: start[1]!, dbName: null, fields: [] };
      models.push(current);
    } else if (line === '}') {
      current = undefined;
    } else if (current && line.startsWith('@@map(')) {
      current.dbName = /^@@map\(\s*"([^"]+)"/.exec(line)?.[1] ?? null;
    } else if (current && line && !line.startsWith('@@')) {
      current.fields.push(parseField(line, enums));
    }
  }
  return models;
}

function parseField(line: string, enums: Set<string>): PrismaField {
  const match = /^(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/.exec(line);
  if (!match) throw new Error(`unreadable Prisma field: ${line}`);
  const [, name, type, list, optional, attributes] = match as unknown as [string, string, string, string | undefined, string | undefined, string];
  const native = /@db\.(\w+)(?:\(([^)]*)\))?/.exec(attributes);
  return {
    name,
    dbName: /@map\(\s*"([^"]+)"/.exec(attributes)?.[1] ?? null,
    kind: SCALARS.has(type) ? 'scalar' : enums.has(type) ? 'enum' : 'object',
    type,
    isRequired: optional === undefined,
    isList: list !== undefined,
    nativeType: native ? [native[1]!, native[2] ? native[2].split(',').map((a) => a.trim()) : []] : null,
  };
}

/** The models of a `schema.prisma` file. */
export const readPrismaModels = (file: string): PrismaModel[] => parsePrismaModels(readFileSync(file, 'utf8'));
