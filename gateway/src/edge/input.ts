/**
 * Checks of the values a request carries, before anything recursive touches them: string literals
 * of the document and variables. A control character (other than tab, newline, carriage return)
 * is refused: PostgreSQL refuses NUL in text and jsonb, so it would surface as an internal error
 * deep in a subgraph; no client has a reason to send the others. Variables are walked iteratively
 * and their nesting bounded: a 50,000-deep JSON value would overflow the stack of every recursive
 * walker after this point (graphql-js's coercion, JSON scalars, the subgraph's own parsing).
 */
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import { ErrorCode } from '@miw/contracts';

/** C0 controls except \t \n \r, and DEL. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const hasControlCharacter = (text: string): boolean => CONTROL.test(text);

const badInput = (message: string, reason: string) => new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, reason, http: { status: 400 } } });

const controlCharacterError = (where: string) =>
  badInput(`${where} contains a control character (only tab, newline and carriage return are accepted in text)`, 'CONTROL_CHARACTER');

/**
 * The first problem of `variables`: nesting deeper than `maxDepth` (the top-level object is depth
 * 1), or a control character in a string or an object key. Iterative: safe on any depth.
 */
export function checkVariables(variables: unknown, maxDepth: number): GraphQLError | null {
  if (variables === null || variables === undefined) return null;
  const stack: { value: unknown; depth: number; name: string }[] = [{ value: variables, depth: 1, name: '' }];
  while (stack.length > 0) {
    const { value, depth, name } = stack.pop()!;
    if (typeof value === 'string') {
      if (hasControlCharacter(value)) return controlCharacterError(`Variable ${name || '(root)'}`);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > maxDepth) return badInput(`Variables nest deeper than ${maxDepth} levels`, 'VARIABLES_TOO_DEEP');
    if (Array.isArray(value)) {
      for (const item of value) stack.push({ value: item, depth: depth + 1, name });
      continue;
    }
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (hasControlCharacter(key)) return controlCharacterError(`A key of variable ${name || key}`);
      stack.push({ value: item, depth: depth + 1, name: name || `$${key}` });
    }
  }
  return null;
}

/**
 * The first problem of the document's literals: a control character in a string (escapes such as
 * "\u0000" included: the parsed value is checked), or input objects and lists nested deeper than
 * `maxDepth` (inline JSONObject values).
 */
export function checkLiterals(document: DocumentNode, maxDepth: number): GraphQLError | null {
  let problem: GraphQLError | null = null;
  let nesting = 0;
  const enter = () => {
    nesting += 1;
    if (nesting > maxDepth && !problem) problem = badInput(`An argument value nests deeper than ${maxDepth} levels`, 'LITERAL_TOO_DEEP');
  };
  const leave = () => void (nesting -= 1);
  visit(document, {
    StringValue(node) {
      if (!problem && hasControlCharacter(node.value)) problem = controlCharacterError('A string argument');
    },
    [Kind.OBJECT]: { enter, leave },
    [Kind.LIST]: { enter, leave },
  });
  return problem;
}
