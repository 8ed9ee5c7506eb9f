/**
 * A circuit breaker for one subgraph: pure (no timers, no I/O; the clock is injected).
 *
 * closed ──(N failures within the window)──▶ open ──(cool-down over)──▶ half-open
 *    ▲                                        ▲                            │ one probe
 *    └──────────────── probe succeeded ───────┼────────────────────────────┤
 *                                             └──── probe failed ──────────┘
 *
 * Callers take a permit before each call and report its outcome on the permit, so an answer that
 * arrives late (a call started before the breaker opened) can never close or reopen it: only the
 * half-open probe decides.
 */

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerSettings {
  /** Failures within `windowMs` that open the breaker. */
  failures: number;
  windowMs: number;
  /** How long the breaker stays open before letting one probe through. */
  cooldownMs: number;
}

export const BREAKER_DEFAULTS: BreakerSettings = { failures: 5, windowMs: 60_000, cooldownMs: 10_000 };

export interface BreakerPermit {
  /** The call got an answer from the service (whatever its content). */
  succeeded(): void;
  /** The call failed in a way that says the service is unwell (network error, timeout, 5xx). */
  failed(): void;
  /** The call ended without telling anything about the service (it failed before being sent). */
  released(): void;
}

export interface BreakerSnapshot {
  state: BreakerState;
  /** Failures counted in the current window (closed), or those that opened it. */
  recentFailures: number;
  /** Open: milliseconds until a probe is let through. */
  retryInMs?: number;
}

export interface CircuitBreaker {
  /** A permit for one call, or null: the breaker is open (or its probe is still running). */
  tryAcquire(): BreakerPermit | null;
  snapshot(): BreakerSnapshot;
}

export interface BreakerDeps extends BreakerSettings {
  now(): number;
  /** Called once per state change. */
  onStateChange?(from: BreakerState, to: BreakerState, snapshot: BreakerSnapshot): void;
}

export function createCircuitBreaker(deps: BreakerDeps): CircuitBreaker {
  let state: BreakerState = 'closed';
  let failureTimes: number[] = [];
  let openedAt = 0;
  let probeRunning = false;
  // Bumped on every state change: a permit from an earlier period reports into nothing.
  let period = 0;

  const describe = (current: BreakerState): BreakerSnapshot => {
    const recentFailures = current === 'closed' ? inWindow().length : failureTimes.length;
    return current === 'open' ? { state: current, recentFailures, retryInMs: Math.max(0, openedAt + deps.cooldownMs - deps.now()) } : { state: current, recentFailures };
  };
  const moveTo = (next: BreakerState) => {
    const from = state;
    state = next;
    period += 1;
    probeRunning = false;
    if (next === 'open') openedAt = deps.now();
    if (next === 'closed') failureTimes = [];
    deps.onStateChange?.(from, next, describe(next));
  };
  const inWindow = () => failureTimes.filter((t) => t > deps.now() - deps.windowMs);
  // The cool-down ends by the clock, not by a timer: the first caller after it sees half-open.
  const stateNow = (): BreakerState => {
    if (state === 'open' && deps.now() >= openedAt + deps.cooldownMs) moveTo('half-open');
    return state;
  };

  const closedPermit = (issued: number): BreakerPermit => ({
    succeeded: () => undefined,
    failed: () => {
      if (issued !== period) return;
      failureTimes = [...inWindow(), deps.now()];
      if (failureTimes.length >= deps.failures) moveTo('open');
    },
    released: () => undefined,
  });
  const probePermit = (issued: number): BreakerPermit => ({
    succeeded: () => void (issued === period && moveTo('closed')),
    failed: () => void (issued === period && moveTo('open')),
    released: () => void (issued === period && (probeRunning = false)),
  });

  return {
    tryAcquire: () => {
      const current = stateNow();
      if (current === 'closed') return closedPermit(period);
      if (current === 'open' || probeRunning) return null;
      probeRunning = true;
      return probePermit(period);
    },
    snapshot: () => describe(stateNow()),
  };
}
