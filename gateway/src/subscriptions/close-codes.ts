/**
 * Close codes of the gateway's graphql-ws sockets (documented in docs/subscriptions.md). The 44xx
 * codes follow the graphql-transport-ws protocol; 4413, 4429, 4430 and 4431 are this gateway's.
 */
export enum WsCloseCode {
  /** Going away: the gateway shuts down (every subscription was completed first). */
  GoingAway = 1001,
  /** A message larger than the limit (64 KiB). */
  MessageTooBig = 1009,
  /** Malformed or unexpected message. */
  BadRequest = 4400,
  /** `subscribe` before `connection_ack` (no or unfinished connection_init). */
  Unauthorized = 4401,
  /** Bad credential in connection_init, or the credential expired / was revoked while streaming. */
  Forbidden = 4403,
  /** No connection_init within the time limit (5 s). */
  ConnectionInitialisationTimeout = 4408,
  /** A `subscribe` reused the id of an operation still running on this socket. */
  SubscriberAlreadyExists = 4409,
  /** The client does not read fast enough: its send buffer or event queue overflowed. */
  SlowConsumer = 4413,
  /** Too many operations at once on this socket, or too many `subscribe` messages a minute. */
  TooManySubscriptions = 4429,
  /** Too many sockets open at once for this user or API key, or from this address. */
  TooManySockets = 4430,
  /** Too many new sockets from this address in one second. */
  ConnectingTooFast = 4431,
}
