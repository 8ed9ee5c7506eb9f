/** Notification rules, pure. */

/** `data` is a JSON object by contract; a row holding anything else (written by hand) reads as {}. */
export const notificationData = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
