/**
 * Field checks shared by every catalog entity, pure. A `Checker` collects every invalid field of
 * one input (with its path) so a payload reports them all at once.
 */

export type CatalogErrorCode = 'INVALID' | 'SKU_TAKEN' | 'SLUG_TAKEN' | 'CODE_TAKEN' | 'NOT_FOUND' | 'CATEGORY_CYCLE' | 'IN_USE';

export interface FieldError {
  code: CatalogErrorCode;
  field: string;
  message: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COUNTRY = /^[A-Z]{2}$/;
// Control characters other than tab/newline have no place in names and descriptions.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const MAX_IMAGES = 20;
const MAX_URL_LENGTH = 2048;

export class Checker {
  readonly errors: FieldError[] = [];

  bad(field: string, message: string, code: CatalogErrorCode = 'INVALID'): undefined {
    this.errors.push({ code, field: `input.${field}`, message });
    return undefined;
  }

  /** A trimmed text of `min` to `max` characters without control characters. */
  text(field: string, value: string, min: number, max: number): string | undefined {
    const text = value.trim();
    if (text.length < min || text.length > max) return this.bad(field, min > 0 ? `${field} must be ${min} to ${max} characters` : `${field} must be at most ${max} characters`);
    if (CONTROL.test(text)) return this.bad(field, `${field} must not contain control characters`);
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
    return UUID.test(value) ? value.toLowerCase() : this.bad(field, `${field} is not a valid id`);
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

  /** At most MAX_IMAGES absolute http(s) URLs without credentials. */
  imageUrls(field: string, values: readonly string[]): string[] | undefined {
    if (values.length > MAX_IMAGES) return this.bad(field, `${field} holds at most ${MAX_IMAGES} URLs`);
    const urls: string[] = [];
    values.forEach((raw, i) => {
      const value = raw.trim();
      let url: URL | undefined;
      try {
        url = value.length <= MAX_URL_LENGTH ? new URL(value) : undefined;
      } catch {
        url = undefined;
      }
      if (!url || !['http:', 'https:'].includes(url.protocol) || url.username || url.password || CONTROL.test(value)) {
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
