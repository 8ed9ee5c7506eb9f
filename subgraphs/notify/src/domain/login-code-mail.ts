/** How a login code is delivered, pure: whether it is still worth sending, and the email itself. */
import type { Email } from '../mail';

/** A code that expired on the way is dropped: the user has asked for a new one by then. */
export const loginCodeDelivery = (expiresAt: string, now: Date): 'deliver' | 'expired' => (Date.parse(expiresAt) <= now.getTime() ? 'expired' : 'deliver');

/** The login email. The code goes in `meta` too, for development tooling (the mailbox file); it is never logged. */
export function loginCodeEmail(to: { email: string; name: string }, code: string, expiresAt: string): Email {
  return {
    to: to.email,
    subject: 'Your MadeInWorld login code',
    text: `Hello ${to.name},\n\nYour login code is ${code}. It expires at ${expiresAt} and works once.\n`,
    meta: { code },
  };
}
