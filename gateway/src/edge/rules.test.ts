import { buildSchema, Kind, parse, specifiedRules, validate, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { countSelections, selectionLimitsRule } from './rules';

const schema = buildSchema('type Query { a: Int b: Q } type Q { c: Int d: Int }');
const errors = (query: string, limits = { maxAliases: 3, maxSelections: 10 }) => validate(schema, parse(query), [...specifiedRules, selectionLimitsRule(limits)]).map((e) => e.message);

describe('countSelections', () => {
  it('counts fields and aliases with fragments expanded at every spread', () => {
    const document = parse('{ a x: a b { ...F ...F ... on Q { y: c } } } fragment F on Q { c d }');
    const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d as FragmentDefinitionNode] as const] : [])));
    const operation = document.definitions[0] as OperationDefinitionNode;
    expect(countSelections(operation.selectionSet, fragments)).toEqual({ fields: 8, aliases: 2 });
  });

  it('stops early on a fragment explosion and does not follow cycles', () => {
    const layers = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Q { ...F${i + 1} ...F${i + 1} }`).join(' ');
    const document = parse(`{ b { ...F0 } } ${layers} fragment F30 on Q { c }`);
    const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
    const counts = countSelections((document.definitions[0] as OperationDefinitionNode).selectionSet, fragments, 100);
    expect(counts.fields).toBeLessThan(1000);
    const cyclic = parse('{ b { ...A } } fragment A on Q { c ...B } fragment B on Q { d ...A }');
    const cyclicFragments = new Map(cyclic.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
    expect(countSelections((cyclic.definitions[0] as OperationDefinitionNode).selectionSet, cyclicFragments).fields).toBe(3);
  });
});

describe('selectionLimitsRule', () => {
  it('counts every alias, __typename included', () => {
    expect(errors('{ t1: __typename t2: __typename t3: __typename }')).toEqual([]);
    expect(errors('{ t1: __typename t2: __typename t3: __typename t4: __typename }')).toEqual(['Too many aliases: at most 3 per operation']);
  });

  it('caps field selections, duplicates included', () => {
    expect(errors(`{ ${'a '.repeat(10)}}`)).toEqual([]);
    expect(errors(`{ ${'a '.repeat(11)}}`)).toEqual(['Too many field selections: at most 10 per operation (fragments expanded)']);
    expect(errors('{ b { ...F ...F ...F ...F ...F } } fragment F on Q { c d }')).toEqual([expect.stringMatching(/Too many field selections/)]);
  });

  it('does not count introspection (off in production; Sandbox needs it in development)', () => {
    expect(errors('{ __schema { types { name fields { name type { name ofType { name ofType { name } } } } } } }', { maxAliases: 0, maxSelections: 1 })).toEqual([]);
  });
});
