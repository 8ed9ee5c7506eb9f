/**
 * The edge's own validation rules, on top of graphql-armor's depth, directive and cost limits:
 * - every alias counts, `__typename` included (armor's alias limit skips it, so 101 aliased
 *   `__typename` ran while real fields were capped at 15);
 * - the field selections of an operation, fragments expanded, are capped: 500 copies of one field
 *   are one field to execute but 500 to validate, plan and merge.
 * Introspection selections are not counted (introspection is off in production; Sandbox's query
 * is large).
 */
import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import { ErrorCode } from '@miw/contracts';

interface Counts {
  fields: number;
  aliases: number;
}

/** Fields and aliases of a selection set, fragments expanded (each spread counts again); iterative. */
export function countSelections(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, stopAt = Infinity): Counts {
  const counts: Counts = { fields: 0, aliases: 0 };
  // The fragments being expanded on the current path: a cycle (refused by NoFragmentCyclesRule) is not followed.
  const stack: { set: SelectionSetNode; path: ReadonlySet<string> }[] = [{ set: selectionSet, path: new Set() }];
  while (stack.length > 0 && counts.fields + counts.aliases <= stopAt) {
    const { set, path } = stack.pop()!;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__') && selection.name.value !== '__typename') continue;
        counts.fields += 1;
        if (selection.alias) counts.aliases += 1;
        if (selection.selectionSet) stack.push({ set: selection.selectionSet, path });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        stack.push({ set: selection.selectionSet, path });
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragment && !path.has(name)) stack.push({ set: fragment.selectionSet, path: new Set([...path, name]) });
      }
    }
  }
  return counts;
}

const refused = (context: ValidationContext, message: string) => context.reportError(new GraphQLError(message, { extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED } }));

/** Caps aliases (every one, `__typename` included) and field selections per operation, fragments expanded. */
export function selectionLimitsRule(limits: { maxAliases: number; maxSelections: number }): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const fragments = new Map(context.getDocument().definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
      // Stop counting once past both limits: a hostile document is not walked to its end.
      const { fields, aliases } = countSelections(node.selectionSet, fragments, limits.maxSelections + limits.maxAliases + 1);
      if (aliases > limits.maxAliases) refused(context, `Too many aliases: at most ${limits.maxAliases} per operation`);
      if (fields > limits.maxSelections) refused(context, `Too many field selections: at most ${limits.maxSelections} per operation (fragments expanded)`);
      return false;
    },
  });
}
