import { isLoopbackRelay } from '.';

describe('isLoopbackRelay', () => {
  it('accepts only relays on this host', () => {
    expect(isLoopbackRelay('smtp://127.0.0.1:1025')).toBe(true);
    expect(isLoopbackRelay('smtp://localhost:25')).toBe(true);
    expect(isLoopbackRelay('smtp://[::1]:25')).toBe(true);
    expect(isLoopbackRelay('smtp://user:pass@smtp.example.com:587')).toBe(false);
    expect(isLoopbackRelay('smtp://10.0.0.5:25')).toBe(false);
    expect(isLoopbackRelay('smtp://127.0.0.1.example.com:25')).toBe(false);
  });
});
