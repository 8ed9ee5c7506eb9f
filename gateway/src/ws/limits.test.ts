import { operationLimiter } from './limits';

describe('operationLimiter', () => {
  it('admits `maxSubscribesPerMinute` subscribe messages per socket and minute', async () => {
    const limiter = operationLimiter({ maxOperations: 10, maxSubscribesPerMinute: 3 });
    const admitted = [];
    for (let i = 0; i < 4; i++) admitted.push(await limiter.admits('socket-a', 1));
    expect(admitted).toEqual([true, true, true, false]);
    expect(await limiter.admits('socket-b', 1)).toBe(true);
  });

  it('refuses past `maxOperations` running at once (the new one included)', async () => {
    const limiter = operationLimiter({ maxOperations: 2, maxSubscribesPerMinute: 100 });
    expect(await limiter.admits('s', 2)).toBe(true);
    expect(await limiter.admits('s', 3)).toBe(false);
  });
});
