/**
 * The last step of every response's errors, on both transports: suggestions masked in production,
 * request-level errors deduplicated by kind, and the list capped. One unknown directive or a
 * hundred: the client learns the same thing, and the server does not write a hundred errors.
 */

export interface PresentableError {
  message: string;
  path?: readonly (string | number)[] | undefined;
  extensions?: { readonly [key: string]: unknown } | undefined;
}

/** graphql-js's suggestion tails: ` Did you mean "x"?`, ` Did you mean "x", "y", or "z"?`, ... */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

export const withoutSuggestions = (message: string) => message.replace(SUGGESTION, '');

/** The kind of an error: its code and its message with the quoted names left out. */
const kindOf = (error: PresentableError) => `${String(error.extensions?.code ?? '')}|${error.message.replace(/"[^"]*"/g, '"…"')}`;

export interface PresentOptions {
  production: boolean;
  maxErrors: number;
}

/**
 * Errors as they leave the gateway. `rewrite` makes an error with a new message (the caller's
 * error type). Errors with a path (a field's failure) are kept one by one up to the cap: clients
 * need to know which fields are null and why.
 */
export function presentErrors<E extends PresentableError>(errors: readonly E[], opts: PresentOptions, rewrite: (error: E, message: string) => E): E[] {
  const seen = new Set<string>();
  const out: E[] = [];
  let dropped = 0;
  for (const error of errors) {
    const message = opts.production ? withoutSuggestions(error.message) : error.message;
    const kept = message === error.message ? error : rewrite(error, message);
    if (!kept.path) {
      const kind = kindOf(kept);
      if (seen.has(kind)) continue;
      seen.add(kind);
    }
    if (out.length < opts.maxErrors) out.push(kept);
    else dropped += 1;
  }
  // graphql-js adds "Too many validation errors, error limit reached" past 100: the cap says it for it.
  if (dropped > 0 && out.length > 0) {
    const last = out[out.length - 1]!;
    out[out.length - 1] = rewrite(last, `${last.message} (and ${dropped} more errors not shown)`);
  }
  return out;
}

