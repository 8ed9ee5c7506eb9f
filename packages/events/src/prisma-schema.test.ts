import { parsePrismaModels } from './prisma-schema';

const SCHEMA = `
// comment
enum Kind {
  A
  B
}

/// A thing.
model Thing {
  id        String   @id @default(uuid()) @db.Uuid
  /// Doc of a field.
  code      String   @unique @db.Char(3) // trailing comment
  kind      Kind
  tags      String[] @default([])
  parentId  String?  @map("parent_id") @db.Uuid
  ratio     Float?
  link      String   @default("http://example.com")
  other     Other?   @relation(fields: [parentId], references: [id])

  @@index([code])
  @@map("thing")
  @@schema("x")
}
`;

describe('parsePrismaModels', () => {
  it('reads fields as the DMMF describes them', () => {
    const [thing] = parsePrismaModels(SCHEMA);
    expect(thing).toMatchObject({ name: 'Thing', dbName: 'thing' });
    expect(thing!.fields).toEqual([
      { name: 'id', dbName: null, kind: 'scalar', type: 'String', isRequired: true, isList: false, nativeType: ['Uuid', []] },
      { name: 'code', dbName: null, kind: 'scalar', type: 'String', isRequired: true, isList: false, nativeType: ['Char', ['3']] },
      { name: 'kind', dbName: null, kind: 'enum', type: 'Kind', isRequired: true, isList: false, nativeType: null },
      { name: 'tags', dbName: null, kind: 'scalar', type: 'String', isRequired: true, isList: true, nativeType: null },
      { name: 'parentId', dbName: 'parent_id', kind: 'scalar', type: 'String', isRequired: false, isList: false, nativeType: ['Uuid', []] },
      { name: 'ratio', dbName: null, kind: 'scalar', type: 'Float', isRequired: false, isList: false, nativeType: null },
      { name: 'link', dbName: null, kind: 'scalar', type: 'String', isRequired: true, isList: false, nativeType: null },
      { name: 'other', dbName: null, kind: 'object', type: 'Other', isRequired: false, isList: false, nativeType: null },
    ]);
  });
});
