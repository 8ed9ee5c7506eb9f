/**
 * One i18n library for every visible text (i18next): English and Simplified Chinese, the shared
 * messages plus each app's own, and money and dates formatted for the locale with Intl.
 */
import i18next, { type i18n as I18n, type Resource } from 'i18next';
import { SHARED_MESSAGES } from './messages';

export type Locale = 'en' | 'zh-CN';
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];
export { SHARED_MESSAGES } from './messages';

export const isLocale = (value: unknown): value is Locale => value === 'en' || value === 'zh-CN';

/** The supported locale nearest to a language tag (zh, zh-Hans, zh-CN -> zh-CN; everything else en). */
export const pickLocale = (tag: string | null | undefined): Locale => (tag && /^zh\b/i.test(tag) ? 'zh-CN' : 'en');

/** An i18next instance with the shared messages and `appMessages` (same keys in both locales). */
export function createI18n(appMessages: Record<Locale, Record<string, unknown>>, locale: Locale): I18n {
  const resources: Resource = {};
  for (const l of LOCALES) resources[l] = { translation: { ...SHARED_MESSAGES[l], ...appMessages[l] } };
  const instance = i18next.createInstance();
  void instance.init({ resources, lng: locale, fallbackLng: 'en', interpolation: { escapeValue: false }, returnNull: false, initAsync: false });
  return instance;
}

const fractionDigits = (currency: string): number => new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

/** A Money value (`amount` in minor units) as the locale writes it: 12,50 € / €12.50 / ¥88.00. */
export function formatMoney(money: { amount: number; currency: string }, locale: Locale): string {
  const value = money.amount / 10 ** fractionDigits(money.currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(value);
}

/** A timestamp as the locale writes a date and time. */
export function formatDateTime(iso: string | Date, locale: Locale): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return Number.isNaN(date.getTime()) ? '' : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A date (no time) as the locale writes it. */
export function formatDate(iso: string | Date, locale: Locale): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return Number.isNaN(date.getTime()) ? '' : new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date);
}

type MessageTree = { readonly [key: string]: unknown };

/** Every key path of a message tree with its text (`a.b.c` -> text). */
function flatten(tree: MessageTree, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [key, value] of Object.entries(tree)) {
    if (value && typeof value === 'object') flatten(value as MessageTree, `${prefix}${key}.`, out);
    else out.set(`${prefix}${key}`, value);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort().join(',');

/**
 * What is wrong with an app's message catalog: a key one locale lacks, a text that is not a
 * non-empty string, or a translation whose `{{placeholders}}` differ from the English ones (the
 * value would be lost). Empty when both locales say everything.
 */
export function catalogProblems(messages: Record<Locale, MessageTree>): string[] {
  const en = flatten(messages.en);
  const zh = flatten(messages['zh-CN']);
  const problems: string[] = [];
  for (const key of new Set([...en.keys(), ...zh.keys()])) {
    const [a, b] = [en.get(key), zh.get(key)];
    if (a === undefined || b === undefined) problems.push(`${key}: missing in ${a === undefined ? 'en' : 'zh-CN'}`);
    else if (typeof a !== 'string' || typeof b !== 'string' || !a.trim() || !b.trim()) problems.push(`${key}: not a text in both locales`);
    else if (placeholders(a) !== placeholders(b)) problems.push(`${key}: placeholders differ (en: ${placeholders(a) || 'none'}, zh-CN: ${placeholders(b) || 'none'})`);
  }
  return problems;
}
