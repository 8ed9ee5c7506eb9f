/** When a failed email is tried again, and when it is given up: pure. */

export interface EmailRetryPolicy {
  /** Attempts before giving up. */
  maxAttempts: number;
  /** Content older than this is no longer worth sending (a notification about yesterday's state). */
  maxAgeMs: number;
}

export type EmailFailureStep = { give: 'up'; reason: string } | { give: 'retry' };

/**
 * After a failed attempt: give up on a permanent refusal (the relay said 5xx), after the last
 * attempt, or once the content is too old; otherwise try again (the caller picks the delay).
 */
export function afterEmailFailure({ attempts, createdAt, permanent }: { attempts: number; createdAt: Date; permanent: boolean }, policy: EmailRetryPolicy, now: Date): EmailFailureStep {
  if (permanent) return { give: 'up', reason: 'refused by the relay' };
  if (attempts >= policy.maxAttempts) return { give: 'up', reason: `failed ${attempts} times` };
  if (now.getTime() - createdAt.getTime() >= policy.maxAgeMs) return { give: 'up', reason: 'expired before it could be sent' };
  return { give: 'retry' };
}
