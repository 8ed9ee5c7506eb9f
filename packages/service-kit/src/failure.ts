/**
 * Expected domain outcomes as payload errors (CONTRIBUTING.md, "Errors"): a service throws a
 * `DomainFailure` carrying its typed errors (which also rolls its transaction back) and the
 * resolver turns it into `{ errors }` with `attempt`. Each subgraph instantiates it with its own
 * error type (code enum from its generated schema types).
 */

export class DomainFailure<E extends { message: string }> extends Error {
  constructor(readonly errors: E[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

/**
 * Runs `fn`; a DomainFailure becomes `{ errors }` merged into the empty payload. `isFailure`
 * narrows to the subgraph's own failure type.
 */
export async function attemptPayload<E extends { message: string }, Empty extends object, P extends object>(
  isFailure: (error: unknown) => error is DomainFailure<E>,
  empty: Empty,
  fn: () => Promise<P>,
): Promise<(Empty | P) & { errors: E[] }> {
  try {
    return { ...(await fn()), errors: [] };
  } catch (error) {
    if (isFailure(error)) return { ...empty, errors: error.errors };
    throw error;
  }
}
