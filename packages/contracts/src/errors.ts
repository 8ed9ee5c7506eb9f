/**
 * The codes of thrown GraphQL errors (`extensions.code`), for every service and the gateway: the
 * one list clients can rely on. Expected domain failures are not here: they are payload errors
 * whose code enums live in each subgraph's schema (and, typed, in its generated types).
 */
export const ErrorCode = {
  /** The request's arguments are malformed (not a UUID, a forged cursor, a text past its limit). */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** The HTTP request or operation itself is unusable (no query, a subscription over HTTP). */
  BAD_REQUEST: 'BAD_REQUEST',
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_SUPPORTED',
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  /** A write of global data outside its master region. */
  REGION_READ_ONLY: 'REGION_READ_ONLY',
  /** Region-locked data (a store's carts and orders) asked of the other region's gateway: `extensions.endpoint` names the right one. */
  WRONG_REGION: 'WRONG_REGION',
  RATE_LIMITED: 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** A dependency is starting or unreachable: retry shortly. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /**
   * The gateway: one subgraph did not answer (down, too slow, or failing recently: its circuit
   * breaker is open). Only its fields are null; `extensions.subgraph` names it. Retry shortly.
   */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  /** A subscription event could not be completed (a field of another subgraph failed). */
  SUBSCRIPTION_EVENT_FAILED: 'SUBSCRIPTION_EVENT_FAILED',
  /** The subgraph serving a subscription closed it with an error. */
  SUBSCRIPTION_UPSTREAM_ERROR: 'SUBSCRIPTION_UPSTREAM_ERROR',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
