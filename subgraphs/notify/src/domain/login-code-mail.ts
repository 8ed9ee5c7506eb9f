/** How a login code is delivered, pure: whether it is still worth sending (the email is in mail/templates.ts). */

/** A code that expired on the way is dropped: the user has asked for a new one by then. */
export const loginCodeDelivery = (expiresAt: string, now: Date): 'deliver' | 'expired' => (Date.parse(expiresAt) <= now.getTime() ? 'expired' : 'deliver');
