import { presentErrors, withoutSuggestions, type PresentableError } from './errors';

const rewrite = (e: PresentableError, message: string) => ({ ...e, message });
const err = (message: string, code = 'GRAPHQL_VALIDATION_FAILED', path?: string[]): PresentableError => ({ message, extensions: { code }, ...(path ? { path } : {}) });

describe('withoutSuggestions', () => {
  it('drops graphql-js suggestion tails', () => {
    expect(withoutSuggestions('Cannot query field "produts" on type "Query". Did you mean "products"?')).toBe('Cannot query field "produts" on type "Query".');
    expect(withoutSuggestions('Unknown argument "frist". Did you mean "first", "after", or "filter"?')).toBe('Unknown argument "frist".');
  });
});

describe('presentErrors', () => {
  it('masks suggestions in production only', () => {
    const errors = [err('Cannot query field "x" on type "Query". Did you mean "y"?')];
    expect(presentErrors(errors, { production: true, maxErrors: 10 }, rewrite)[0]!.message).toBe('Cannot query field "x" on type "Query".');
    expect(presentErrors(errors, { production: false, maxErrors: 10 }, rewrite)[0]!.message).toMatch(/Did you mean/);
  });

  it('keeps one request-level error per kind (code and message, quoted names aside)', () => {
    const errors = Array.from({ length: 100 }, (_, i) => err(`Unknown directive "@d${i}".`));
    errors.push(err('Too many validation errors, error limit reached. Validation aborted.'));
    expect(presentErrors(errors, { production: true, maxErrors: 10 }, rewrite).map((e) => e.message)).toEqual(['Unknown directive "@d0".', 'Too many validation errors, error limit reached. Validation aborted.']);
  });

  it('keeps field errors one by one (each names its path), up to the cap', () => {
    const fields = Array.from({ length: 5 }, (_, i) => err('Forbidden', 'FORBIDDEN', [`f${i}`]));
    expect(presentErrors(fields, { production: true, maxErrors: 10 }, rewrite)).toHaveLength(5);
    const capped = presentErrors(fields, { production: true, maxErrors: 3 }, rewrite);
    expect(capped.map((e) => e.path)).toEqual([['f0'], ['f1'], ['f2']]);
    expect(capped[2]!.message).toBe('Forbidden (and 2 more errors not shown)');
  });
});
