/**
 * The signed-in session: tokens from `verifyLoginCode`, kept in storage, refreshed when the API
 * answers UNAUTHENTICATED. A refresh token belongs to the region that issued it (its auth service
 * holds the session), so the session remembers that region and refreshes there, whichever region
 * the app is looking at; the access token is accepted by both regions' gateways.
 * Refreshes are single-flight: concurrent failures share one `refreshSession` call (a refresh
 * token works once; a second use would revoke the whole login).
 */
import type { RegionCode } from './config';
import type { KeyValueStorage } from './storage';

export type Role = 'ADMIN' | 'MANUFACTURER' | 'LOGISTICS' | 'PARTNER' | 'CUSTOMER';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: string;
  homeRegion: RegionCode;
  organization: { id: string; name: string; kind: string } | null;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** The region whose auth service issued the refresh token. */
  issuedBy: RegionCode;
  user: SessionUser;
}

/** A `refreshSession` call against the issuing region: the new tokens, or null when the session is over. */
export type RefreshCall = (region: RegionCode, refreshToken: string) => Promise<{ accessToken: string; refreshToken: string } | null>;

const KEY = 'miw.session';

export class SessionStore {
  private current: Session | null = null;
  private readonly listeners = new Set<(s: Session | null) => void>();
  private refreshing: Promise<string | null> | null = null;

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly refreshCall: RefreshCall,
  ) {}

  /** Reads the stored session (call once at start-up). */
  async restore(): Promise<Session | null> {
    try {
      const raw = await this.storage.getItem(KEY);
      const parsed = raw ? (JSON.parse(raw) as Partial<Session>) : null;
      this.current = parsed?.accessToken && parsed.refreshToken && parsed.issuedBy && parsed.user ? (parsed as Session) : null;
    } catch {
      this.current = null; // unreadable storage: signed out
    }
    this.emit();
    return this.current;
  }

  get session(): Session | null {
    return this.current;
  }

  get accessToken(): string | null {
    return this.current?.accessToken ?? null;
  }

  async signIn(session: Session): Promise<void> {
    this.current = session;
    await this.storage.setItem(KEY, JSON.stringify(session));
    this.emit();
  }

  async updateUser(user: Partial<SessionUser>): Promise<void> {
    if (!this.current) return;
    await this.signIn({ ...this.current, user: { ...this.current.user, ...user } });
  }

  async signOut(): Promise<void> {
    this.current = null;
    await this.storage.removeItem(KEY);
    this.emit();
  }

  /**
   * A new access token after an UNAUTHENTICATED answer, or null (signed out) when the refresh
   * token no longer works. `staleToken` is the token the failed request carried: if another request
   * already refreshed it, the new one is returned without a second call.
   */
  refresh(staleToken: string | null): Promise<string | null> {
    const session = this.current;
    if (!session) return Promise.resolve(null);
    if (staleToken !== null && session.accessToken !== staleToken) return Promise.resolve(session.accessToken);
    this.refreshing ??= (async () => {
      try {
        const tokens = await this.refreshCall(session.issuedBy, session.refreshToken);
        if (!tokens) {
          await this.signOut();
          return null;
        }
        await this.signIn({ ...session, ...tokens });
        return tokens.accessToken;
      } catch {
        return null; // network failure: keep the session, the next request tries again
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  subscribe(listener: (s: Session | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.current);
  }
}
