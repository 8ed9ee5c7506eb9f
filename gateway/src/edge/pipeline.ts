/**
 * The edge pipeline: every limit, validation rule, input check and error mask the gateway applies
 * to an operation, built once and used by both transports. HTTP runs it as Apollo Server options
 * and one plugin; graphql-ws runs the same functions on each `subscribe` message (queries and
 * mutations sent over a socket then go through Apollo Server, hence through the plugin, again).
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { getOperationAST, GraphQLError, type DocumentNode, type GraphQLFormattedError, type OperationDefinitionNode, type ValidationRule } from 'graphql';
import { ErrorCode } from '@miw/contracts';
import { presentErrors, type PresentableError } from './errors';
import { checkLiterals, checkVariables } from './input';
import { selectionLimitsRule } from './rules';

export interface OperationLimits {
  maxDepth: number;
  /** Aliases per operation, `__typename` included. */
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
  /** Field selections per operation, fragments expanded. */
  maxSelections: number;
  /** Errors in one response (request-level errors are also deduplicated by kind). */
  maxErrors: number;
  /** Nesting of variables and of inline object/list arguments (JSONObject values). */
  maxInputDepth: number;
}

/** Defaults: a first-party client's largest operation has about 60 fields and 4 levels of JSON. */
export const OPERATION_LIMITS: OperationLimits = { maxDepth: 12, maxAliases: 15, maxDirectives: 10, maxTokens: 2000, maxCost: 5000, maxSelections: 250, maxErrors: 10, maxInputDepth: 32 };

export interface EdgePipeline {
  limits: OperationLimits;
  /** graphql-js's parse options (token limit: a clean GRAPHQL_PARSE_FAILED before any work). */
  parseOptions: { maxTokens: number };
  /** Validation rules added to graphql-js's specified rules. */
  validationRules: ValidationRule[];
  /** The operation to run, or why the request is refused: operation resolution, literals, variables. */
  resolve(document: DocumentNode, operationName: string | null | undefined, variables: unknown): OperationDefinitionNode | GraphQLError;
  /** Errors as they leave the gateway (suggestions masked in production, deduplicated, capped). */
  present<E extends PresentableError>(errors: readonly E[], rewrite: (error: E, message: string) => E): E[];
  /** The HTTP side: Apollo Server plugin applying `resolve` and `present`. */
  apolloPlugin: ApolloServerPlugin<BaseContext>;
}

const operationError = (message: string) => new GraphQLError(message, { extensions: { code: ErrorCode.OPERATION_RESOLUTION_FAILURE, http: { status: 400 } } });

/** Apollo Server's own client errors that carry no code (it answers them 400): the precise one. */
const APOLLO_CLIENT_ERRORS: Record<string, { code: string; reason?: string; message?: string }> = {
  'provided sha does not match query': { code: ErrorCode.BAD_REQUEST, reason: 'PERSISTED_QUERY_HASH_MISMATCH', message: 'extensions.persistedQuery.sha256Hash is not the SHA-256 of the query' },
};

export function createEdgePipeline(limits: OperationLimits, production: boolean): EdgePipeline {
  // Aliases are counted by selectionLimitsRule (armor's count skips __typename); suggestions are
  // masked by `present`, which both transports call (armor's mask is an HTTP-only plugin).
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { enabled: false },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { enabled: false },
    costLimit: { maxCost: limits.maxCost },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  const validationRules = [...armor.validationRules, selectionLimitsRule(limits)];

  const resolve: EdgePipeline['resolve'] = (document, operationName, variables) => {
    const operation = getOperationAST(document, operationName ?? undefined);
    if (!operation) {
      const count = document.definitions.filter((d) => d.kind === 'OperationDefinition').length;
      if (operationName) return operationError(`No operation named "${operationName}" in the document`);
      return operationError(count === 0 ? 'The document has no operation' : 'The document has several operations: name the one to run in operationName (and name every operation)');
    }
    return checkLiterals(document, limits.maxInputDepth) ?? checkVariables(variables, limits.maxInputDepth) ?? operation;
  };

  const present: EdgePipeline['present'] = (errors, rewrite) => presentErrors(errors, { production, maxErrors: limits.maxErrors }, rewrite);
  const rewriteFormatted = (error: GraphQLFormattedError, message: string): GraphQLFormattedError => ({ ...error, message });

  const apolloPlugin: ApolloServerPlugin<BaseContext> = {
    requestDidStart: async () => ({
      didResolveOperation: async ({ document, request }) => {
        const outcome = resolve(document, request.operationName, request.variables);
        if (outcome instanceof GraphQLError) throw outcome;
      },
      willSendResponse: async ({ response, errors: originals }) => {
        if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
        let errors = response.body.singleResult.errors;
        // Apollo's codeless client errors (answered 400) would read INTERNAL_SERVER_ERROR: name them.
        if (originals && originals.length === errors.length) {
          errors = errors.map((formatted, i) => {
            const known = APOLLO_CLIENT_ERRORS[originals[i]!.message];
            if (!known || originals[i]!.extensions.code !== undefined) return formatted;
            return { message: known.message ?? originals[i]!.message, extensions: { code: known.code, ...(known.reason ? { reason: known.reason } : {}) } };
          });
        }
        response.body.singleResult.errors = present(errors, rewriteFormatted);
      },
    }),
  };

  return { limits, parseOptions: { maxTokens: limits.maxTokens }, validationRules, resolve, present, apolloPlugin };
}
