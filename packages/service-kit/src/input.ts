/**
 * Input validation at the resolver edge, one set for every subgraph (see CONTRIBUTING.md, Errors):
 *
 * - `requireUuid`, `optionalUuid`, `requiredText`, `optionalText`: the request itself is malformed
 *   (an id that is no UUID, a text past its hard limit). They throw BAD_USER_INPUT with
 *   `extensions.field`, before any service runs.
 * - `FieldChecker`: the values of a mutation input a form would show next to their field (a name
 *   too short, a currency we do not sell in). It collects every problem of one input as payload
 *   errors `{ code, field, message }`, so a client shows them all at once.
 */
import { isUuid } from '@miw/contracts';
import { userInputError } from './errors';

/** A UUID argument, lower-cased; BAD_USER_INPUT (with the field) otherwise. */
export function requireUuid(value: string, field: string): string {
  if (!isUuid(value)) throw userInputError(`${field} is not a valid id`, { field });
  return value.toLowerCase();
}

export function optionalUuid(value: string | null | undefined, field: string): string | null {
  return value == null ? null : requireUuid(value, field);
}

// Control characters other than tab/newline have no place in names, notes and descriptions.
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Trims optional text and enforces its length (BAD_USER_INPUT beyond it); empty is null. */
export function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  if (value == null) return null;
  const text = value.trim();
  if (text.length > max) throw userInputError(`${field} must be at most ${max} characters`, { field });
  return text.length ? text : null;
}

export function requiredText(value: string, field: string, max: number): string {
  const text = optionalText(value, field, max);
  if (!text) throw userInputError(`${field} must not be empty`, { field });
  return text;
}

/** One payload error: what a client shows next to the field at fault. */
export interface FieldError<C extends string = string> {
  code: C;
  field: string;
  message: string;
}

const COUNTRY = /^[A-Z]{2}$/;
const CURRENCY = /^[A-Z]{3}$/;
const MAX_URL_LENGTH = 2048;
/** The largest amount in minor units an Int holds safely in every client (about 21 million units). */
export const MAX_MONEY_AMOUNT = 2_147_483_647;

/**
 * Collects the invalid fields of one input (paths under `input.`), with `invalid` as the code of a
 * malformed value. Each check returns the cleaned value, or undefined after recording the error.
 */
export class FieldChecker<C extends string> {
  readonly errors: FieldError<C>[] = [];

  constructor(private readonly invalid: C) {}

  get ok(): boolean {
    return this.errors.length === 0;
  }

  bad(field: string, message: string, code: C = this.invalid): undefined {
    this.errors.push({ code, field: `input.${field}`, message });
    return undefined;
  }

  /** A trimmed text of `min` to `max` characters without control characters. */
  text(field: string, value: string, min: number, max: number): string | undefined {
    const text = value.trim();
    if (text.length < min || text.length > max) return this.bad(field, min > 0 ? `${field} must be ${min} to ${max} characters` : `${field} must be at most ${max} characters`);
    if (CONTROL_CHARACTERS.test(text)) return this.bad(field, `${field} must not contain control characters`);
    return text;
  }

  /** Like `text`, but an empty or missing value is null. */
  optionalText(field: string, value: string | null | undefined, max: number): string | null | undefined {
    if (value == null || value.trim() === '') return null;
    return this.text(field, value, 0, max);
  }

  matching(field: string, value: string, pattern: RegExp, message: string): string | undefined {
    return pattern.test(value) ? value : this.bad(field, message);
  }

  /** A UUID, lower-cased; null stays null. */
  id(field: string, value: string | null): string | null | undefined {
    if (value === null) return null;
    return isUuid(value) ? value.toLowerCase() : this.bad(field, `${field} is not a valid id`);
  }

  /** ISO 3166-1 alpha-2, upper-cased. */
  country(field: string, value: string): string | undefined {
    const code = value.trim().toUpperCase();
    return COUNTRY.test(code) ? code : this.bad(field, `${field} must be an ISO 3166-1 alpha-2 country code`);
  }

  /** A finite number in [min, max]. */
  range(field: string, value: number, min: number, max: number): number | undefined {
    return Number.isFinite(value) && value >= min && value <= max ? value : this.bad(field, `${field} must be between ${min} and ${max}`);
  }

  /** A whole number in [min, max] (quantities, minor units). */
  integer(field: string, value: number, min: number, max: number): number | undefined {
    return Number.isInteger(value) && value >= min && value <= max ? value : this.bad(field, `${field} must be a whole number between ${min} and ${max}`);
  }

  /** Money in minor units: a non-negative whole amount and an ISO 4217 code among `currencies`. */
  money(field: string, value: { amount: number; currency: string }, currencies: ReadonlySet<string>): { amount: number; currency: string } | undefined {
    const amount = this.integer(`${field}.amount`, value.amount, 0, MAX_MONEY_AMOUNT);
    const code = value.currency.trim().toUpperCase();
    const currency = CURRENCY.test(code) && currencies.has(code) ? code : this.bad(`${field}.currency`, `${field}.currency must be one of ${[...currencies].join(', ')}`);
    return amount === undefined || currency === undefined ? undefined : { amount, currency };
  }

  /** At most `max` absolute http(s) URLs without credentials. */
  urls(field: string, values: readonly string[], max: number): string[] | undefined {
    if (values.length > max) return this.bad(field, `${field} holds at most ${max} URLs`);
    const urls: string[] = [];
    values.forEach((raw, i) => {
      const value = raw.trim();
      let url: URL | undefined;
      try {
        url = value.length <= MAX_URL_LENGTH ? new URL(value) : undefined;
      } catch {
        url = undefined;
      }
      if (!url || !['http:', 'https:'].includes(url.protocol) || url.username || url.password || CONTROL_CHARACTERS.test(value)) {
        this.bad(`${field}.${i}`, `${field}[${i}] must be an http or https URL of at most ${MAX_URL_LENGTH} characters, without credentials`);
      } else urls.push(url.toString());
    });
    return urls.length === values.length ? urls : undefined;
  }

  /** A field that may be omitted but never set to null. */
  notNull<T>(field: string, value: T | null | undefined): value is T {
    if (value === null) this.bad(field, `${field} cannot be null`);
    return value != null;
  }
}

/** Drops the keys whose value is undefined (fields left unchanged). */
export function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
