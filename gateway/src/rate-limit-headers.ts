/**
 * The RateLimit-Policy and RateLimit response header fields of the IETF httpapi working group's
 * draft "RateLimit header fields for HTTP" (draft-ietf-httpapi-ratelimit-headers), as Structured
 * Field lists:
 *   RateLimit-Policy: "address";q=6000;w=60, "user";q=600;w=60   every policy the request counted in
 *   RateLimit: "user";r=598;t=42                                 the one closest to refusing
 * `q` quota (requests), `w` window (seconds), `r` requests left, `t` seconds until the window resets.
 */
import type { PolicyUsage } from './rate-limit';

/** A policy name as a Structured Field String (the names are ours: plain ASCII, no quotes). */
const sfString = (name: string) => `"${name.replace(/[\\"]/g, '\\$&')}"`;

const rateLimitPolicyHeader = (usage: readonly PolicyUsage[]) => usage.map((u) => `${sfString(u.policy)};q=${u.quota};w=${u.windowSeconds}`).join(', ');

/** The most restrictive policy: fewest requests left, then the longest wait (a refused policy has r=0). */
function mostRestrictive(usage: readonly PolicyUsage[]): PolicyUsage {
  return usage.reduce((worst, u) => (u.remaining < worst.remaining || (u.remaining === worst.remaining && u.resetSeconds > worst.resetSeconds) ? u : worst));
}

function rateLimitHeader(usage: readonly PolicyUsage[]): string {
  const u = mostRestrictive(usage);
  return `${sfString(u.policy)};r=${u.remaining};t=${u.resetSeconds}`;
}

/** Both headers of a request's counted policies (none when nothing was counted). */
export const rateLimitHeaders = (usage: readonly PolicyUsage[]): [string, string][] =>
  usage.length === 0 ? [] : [['ratelimit-policy', rateLimitPolicyHeader(usage)], ['ratelimit', rateLimitHeader(usage)]];
