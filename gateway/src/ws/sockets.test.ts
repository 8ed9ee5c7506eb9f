import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { memoryRateLimiter } from '../rate-limit';
import { identityKey, socketGuard } from './sockets';

/** A socket whose close() records the code and emits 'close' as ws does. */
const fakeSocket = () => {
  const emitter = new EventEmitter();
  const socket = Object.assign(emitter, { code: 0, close: (code: number) => ((socket.code = code), emitter.emit('close')) });
  return socket as typeof socket & WebSocket;
};
const user = { kind: 'user' as const, userId: 'u1', role: 'CUSTOMER' as const, organizationId: null, region: 'eu' as const, scopes: [] };

describe('identityKey', () => {
  it('counts an API key by its hash, a token by its user, anonymous sockets not at all', () => {
    expect(identityKey(user, 'Bearer a.b.c')).toBe('user:u1');
    expect(identityKey(user, 'ApiKey miw_secret')).toMatch(/^key:[0-9a-f]{64}$/);
    expect(identityKey(user, 'ApiKey miw_secret')).not.toContain('miw_secret');
    expect(identityKey(null, undefined)).toBeNull();
  });
});

describe('socketGuard', () => {
  const caps = { maxSocketsPerIdentity: 2, maxSocketsPerAddress: 3, maxConnectsPerAddressPerSecond: 100 };

  it('closes the socket past the per-address cap with 4430, and frees a place when one closes', async () => {
    const guard = socketGuard(caps, memoryRateLimiter());
    const open = [fakeSocket(), fakeSocket(), fakeSocket()];
    for (const s of open) expect(await guard.admitAddress(s, '203.0.113.1')).toBe(true);
    const fourth = fakeSocket();
    expect(await guard.admitAddress(fourth, '203.0.113.1')).toBe(false);
    expect(fourth.code).toBe(4430);
    expect(await guard.admitAddress(fakeSocket(), '203.0.113.2')).toBe(true);
    open[0]!.close(1000);
    expect(await guard.admitAddress(fakeSocket(), '203.0.113.1')).toBe(true);
  });

  it('closes past the per-identity cap with 4430; anonymous sockets are not counted', () => {
    const guard = socketGuard(caps, memoryRateLimiter());
    expect([guard.admitIdentity(fakeSocket(), 'user:u1'), guard.admitIdentity(fakeSocket(), 'user:u1')]).toEqual([true, true]);
    const third = fakeSocket();
    expect(guard.admitIdentity(third, 'user:u1')).toBe(false);
    expect(third.code).toBe(4430);
    expect(guard.admitIdentity(fakeSocket(), 'user:u2')).toBe(true);
    for (let i = 0; i < 5; i++) expect(guard.admitIdentity(fakeSocket(), null)).toBe(true);
  });

  it('closes sockets opened too fast from one address with 4431', async () => {
    const guard = socketGuard({ ...caps, maxSocketsPerAddress: 100, maxConnectsPerAddressPerSecond: 2 }, memoryRateLimiter());
    const sockets = [fakeSocket(), fakeSocket(), fakeSocket()];
    const admitted = [];
    for (const s of sockets) admitted.push(await guard.admitAddress(s, '203.0.113.9'));
    expect(admitted).toEqual([true, true, false]);
    expect(sockets[2]!.code).toBe(4431);
  });
});
