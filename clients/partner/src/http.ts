/** Queries and mutations over HTTP POST with `Authorization: ApiKey <key>`. */
import { type TypedDocumentNode } from '@graphql-typed-document-node/core';
import { getOperationAST, print, type DocumentNode, type FormattedExecutionResult } from 'graphql';
import { isGraphQLErrorList, PartnerApiError } from './errors';

export interface HttpOptions {
  endpoint: string;
  apiKey: string;
  timeoutMs: number;
  fetch: typeof fetch;
}

const printed = new WeakMap<DocumentNode, { query: string; operationName: string | undefined }>();

/** The text and operation name of a document (printed once per document). */
export function operationOf(document: DocumentNode): { query: string; operationName: string | undefined } {
  let entry = printed.get(document);
  if (!entry) {
    entry = { query: print(document), operationName: getOperationAST(document)?.name?.value };
    printed.set(document, entry);
  }
  return entry;
}

/** A code for an answer without a usable GraphQL body. */
function statusCode(status: number): string {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500) return 'SERVICE_UNAVAILABLE';
  return 'BAD_RESPONSE';
}

/** Runs one operation; answers its data or throws a PartnerApiError (any GraphQL error throws). */
export async function postGraphQL<TData, TVariables>(options: HttpOptions, document: TypedDocumentNode<TData, TVariables>, variables: TVariables): Promise<TData> {
  const { query, operationName } = operationOf(document);
  let response: Response;
  try {
    response = await options.fetch(options.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        authorization: `ApiKey ${options.apiKey}`,
      },
      body: JSON.stringify({ query, operationName, variables }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    const message = timedOut ? `no answer within ${options.timeoutMs} ms` : `request failed: ${error instanceof Error ? error.message : String(error)}`;
    throw new PartnerApiError(message, ['NETWORK_ERROR'], { cause: error });
  }
  const text = await response.text();
  let body: FormattedExecutionResult<TData> | undefined;
  try {
    body = JSON.parse(text) as FormattedExecutionResult<TData>;
  } catch {
    body = undefined;
  }
  if (body && isGraphQLErrorList(body.errors) && body.errors.length > 0) throw PartnerApiError.fromGraphQLErrors(body.errors, { status: response.status });
  if (!response.ok || !body || body.data === null || body.data === undefined) {
    throw new PartnerApiError(`unexpected answer (HTTP ${response.status})`, [statusCode(response.status)], { status: response.status });
  }
  return body.data;
}
