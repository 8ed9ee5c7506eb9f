/** Prices are typed in major units (12.50) and sent in minor units (1250) of their currency. */
export const CURRENCIES = ['EUR', 'CNY', 'USD', 'GBP', 'CHF', 'SEK', 'JPY'] as const;

const fractionDigits = (currency: string): number => {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
};

/** Minor units of a typed amount ("12.5", "12,50"), or null when it is not a valid amount. */
export function toMinorUnits(text: string, currency: string): number | null {
  const digits = fractionDigits(currency);
  const normalized = text.trim().replace(',', '.');
  const pattern = digits > 0 ? new RegExp(`^\\d{1,9}(\\.\\d{0,${digits}})?$`) : /^\d{1,9}$/;
  if (!pattern.test(normalized)) return null;
  return Math.round(Number(normalized) * 10 ** digits);
}

/** The amount as typed in a form (no grouping, dot decimal). */
export const fromMinorUnits = (amount: number, currency: string): string => {
  const digits = fractionDigits(currency);
  return (amount / 10 ** digits).toFixed(digits);
};
