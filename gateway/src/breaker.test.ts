import { createCircuitBreaker, type BreakerState } from './breaker';

function breakerWithClock(settings = { failures: 3, windowMs: 60_000, cooldownMs: 10_000 }) {
  let now = 1_000_000;
  const changes: [BreakerState, BreakerState][] = [];
  const breaker = createCircuitBreaker({ ...settings, now: () => now, onStateChange: (from, to) => changes.push([from, to]) });
  const fail = (n = 1) => {
    for (let i = 0; i < n; i++) breaker.tryAcquire()!.failed();
  };
  return { breaker, changes, fail, advance: (ms: number) => void (now += ms) };
}

describe('circuit breaker', () => {
  it('stays closed below the threshold and opens at N failures within the window', () => {
    const { breaker, changes, fail } = breakerWithClock();
    fail(2);
    expect(breaker.snapshot()).toEqual({ state: 'closed', recentFailures: 2 });
    breaker.tryAcquire()!.succeeded(); // successes between failures do not reset the count
    fail();
    expect(breaker.snapshot()).toEqual({ state: 'open', recentFailures: 3, retryInMs: 10_000 });
    expect(breaker.tryAcquire()).toBeNull();
    expect(changes).toEqual([['closed', 'open']]);
  });

  it('forgets failures older than the window', () => {
    const { breaker, fail, advance } = breakerWithClock();
    fail(2);
    advance(60_001);
    fail(2);
    expect(breaker.snapshot()).toEqual({ state: 'closed', recentFailures: 2 });
    advance(30_000);
    fail();
    expect(breaker.snapshot().state).toBe('open');
  });

  it('lets one probe through after the cool-down and closes when it succeeds', () => {
    const { breaker, changes, fail, advance } = breakerWithClock();
    fail(3);
    advance(9_999);
    expect(breaker.tryAcquire()).toBeNull();
    expect(breaker.snapshot().retryInMs).toBe(1);
    advance(1);
    const probe = breaker.tryAcquire();
    expect(probe).not.toBeNull();
    expect(breaker.snapshot().state).toBe('half-open');
    expect(breaker.tryAcquire()).toBeNull(); // only one probe at a time
    probe!.succeeded();
    expect(breaker.snapshot()).toEqual({ state: 'closed', recentFailures: 0 });
    expect(breaker.tryAcquire()).not.toBeNull();
    expect(changes).toEqual([
      ['closed', 'open'],
      ['open', 'half-open'],
      ['half-open', 'closed'],
    ]);
  });

  it('opens again for a whole cool-down when the probe fails', () => {
    const { breaker, changes, fail, advance } = breakerWithClock();
    fail(3);
    advance(10_000);
    breaker.tryAcquire()!.failed();
    expect(breaker.snapshot()).toMatchObject({ state: 'open', retryInMs: 10_000 });
    advance(5_000);
    expect(breaker.tryAcquire()).toBeNull();
    advance(5_000);
    expect(breaker.tryAcquire()).not.toBeNull();
    expect(changes.map(([, to]) => to)).toEqual(['open', 'half-open', 'open', 'half-open']);
  });

  it('lets the next caller probe when the probe ends without a verdict', () => {
    const { breaker, fail, advance } = breakerWithClock();
    fail(3);
    advance(10_000);
    breaker.tryAcquire()!.released();
    expect(breaker.snapshot().state).toBe('half-open');
    const next = breaker.tryAcquire();
    expect(next).not.toBeNull();
    next!.succeeded();
    expect(breaker.snapshot().state).toBe('closed');
  });

  it('ignores outcomes of calls started before the state changed', () => {
    const { breaker, changes, fail, advance } = breakerWithClock();
    const slow = [breaker.tryAcquire()!, breaker.tryAcquire()!, breaker.tryAcquire()!];
    fail(3);
    for (const permit of slow) permit.failed(); // late failures do not extend the cool-down
    advance(10_000);
    const probe = breaker.tryAcquire()!;
    slow[0]!.succeeded(); // nor does a late answer close the breaker: the probe decides
    expect(breaker.snapshot().state).toBe('half-open');
    probe.failed();
    const late = breaker.tryAcquire();
    expect(late).toBeNull();
    probe.succeeded(); // a permit reports once: the second verdict is from an old period
    expect(breaker.snapshot().state).toBe('open');
    expect(changes.map(([, to]) => to)).toEqual(['open', 'half-open', 'open']);
  });

  it('reports a state change once, however many callers see it', () => {
    const { breaker, changes, fail, advance } = breakerWithClock({ failures: 1, windowMs: 1_000, cooldownMs: 500 });
    fail();
    for (let i = 0; i < 5; i++) expect(breaker.tryAcquire()).toBeNull();
    advance(500);
    for (let i = 0; i < 5; i++) breaker.snapshot();
    expect(changes).toEqual([
      ['closed', 'open'],
      ['open', 'half-open'],
    ]);
  });
});
