import { SessionStore, type RefreshCall, type Session } from './session';
import { memoryStorage } from './storage';

const session = (accessToken = 'a1', refreshToken = 'r1'): Session => ({
  accessToken,
  refreshToken,
  issuedBy: 'cn',
  user: { id: 'u1', email: 'a@b.dev', name: 'A', role: 'PARTNER', locale: 'en', homeRegion: 'eu', organization: null },
});

describe('SessionStore', () => {
  it('restores what was signed in, and nothing from unreadable storage', async () => {
    const storage = memoryStorage();
    const first = new SessionStore(storage, jest.fn());
    await first.signIn(session());
    expect((await new SessionStore(storage, jest.fn()).restore())?.accessToken).toBe('a1');
    await storage.setItem('miw.session', '{not json');
    expect(await new SessionStore(storage, jest.fn()).restore()).toBeNull();
    await storage.setItem('miw.session', JSON.stringify({ accessToken: 'x' }));
    expect(await new SessionStore(storage, jest.fn()).restore()).toBeNull();
  });

  it('refreshes once for concurrent failures, at the region that issued the session', async () => {
    let release!: () => void;
    const call = jest.fn<ReturnType<RefreshCall>, Parameters<RefreshCall>>(() => new Promise((resolve) => (release = () => resolve({ accessToken: 'a2', refreshToken: 'r2' }))));
    const store = new SessionStore(memoryStorage(), call);
    await store.signIn(session());
    const both = Promise.all([store.refresh('a1'), store.refresh('a1')]);
    release();
    expect(await both).toEqual(['a2', 'a2']);
    expect(call).toHaveBeenCalledTimes(1);
    expect(call).toHaveBeenCalledWith('cn', 'r1');
    expect(store.session?.refreshToken).toBe('r2');
    // A request that failed with the old token gets the new one without another call.
    expect(await store.refresh('a1')).toBe('a2');
    expect(call).toHaveBeenCalledTimes(1);
  });

  it('signs out when the refresh token is refused, keeps the session when the network fails', async () => {
    const listener = jest.fn();
    const refused = new SessionStore(memoryStorage(), async () => null);
    refused.subscribe(listener);
    await refused.signIn(session());
    expect(await refused.refresh('a1')).toBeNull();
    expect(refused.session).toBeNull();
    expect(listener).toHaveBeenLastCalledWith(null);

    const offline = new SessionStore(memoryStorage(), async () => {
      throw new Error('network down');
    });
    await offline.signIn(session());
    expect(await offline.refresh('a1')).toBeNull();
    expect(offline.session?.refreshToken).toBe('r1');
  });
});
