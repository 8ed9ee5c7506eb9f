/**
 * The one provider every React client mounts: config (`/config.json`), session, region, the
 * region's Apollo Client, i18n. Switching region swaps the Apollo Client (each region has its own
 * cache and socket); switching language re-renders every text.
 */
import { ApolloProvider } from '@apollo/client/react';
import { InMemoryCache, type TypePolicies } from '@apollo/client';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createRegionClient, refreshOverHttp, type RegionClient } from '../apollo';
import { loadClientConfig, isRegion, type ClientConfig, type RegionCode } from '../config';
import { createI18n, isLocale, pickLocale, type Locale } from '../i18n';
import { persistApolloCache } from '../persist';
import { SessionStore, type Session } from '../session';
import type { KeyValueStorage } from '../storage';

export interface MiwClient {
  config: ClientConfig;
  region: RegionCode;
  setRegion(region: RegionCode): void;
  locale: Locale;
  setLocale(locale: Locale): void;
  session: Session | null;
  sessions: SessionStore;
  client: RegionClient;
}

const Context = createContext<MiwClient | null>(null);

/** The client state; throws outside `<MiwClientProvider>`. */
export function useMiw(): MiwClient {
  const value = useContext(Context);
  if (!value) throw new Error('useMiw() needs <MiwClientProvider>');
  return value;
}

export interface MiwClientProviderProps {
  /** Name of the app (prefix of its storage keys). */
  app: string;
  storage: KeyValueStorage;
  /** The app's own texts, per locale (merged over the shared ones). */
  messages: Record<Locale, Record<string, unknown>>;
  /** Initial language when neither the user nor storage says (e.g. navigator.language). */
  preferredLanguage?: string;
  typePolicies?: TypePolicies;
  /** Persist each region's Apollo cache in storage (last pages seen survive offline). */
  persistCache?: boolean;
  /** Where to read the config (default `/config.json`), or the config itself. */
  config?: string | ClientConfig;
  /** Shown while the config, session and cache load. */
  fallback?: ReactNode;
  children: ReactNode;
}

interface Boot {
  config: ClientConfig;
  sessions: SessionStore;
  region: RegionCode;
  locale: Locale;
}

export function MiwClientProvider(props: MiwClientProviderProps) {
  const { app, storage } = props;
  const [boot, setBoot] = useState<Boot | null>(null);
  const [session, setSession] = useState<Session | null>(null);
  const [region, setRegionState] = useState<RegionCode>('eu');
  const [locale, setLocaleState] = useState<Locale>('en');
  const [client, setClient] = useState<RegionClient | null>(null);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const config = typeof props.config === 'object' ? props.config : await loadClientConfig(props.config);
      const sessions = new SessionStore(storage, refreshOverHttp(config));
      const restored = await sessions.restore();
      const storedRegion = await storage.getItem(`${app}.region`);
      const storedLocale = await storage.getItem(`${app}.locale`);
      if (cancelled) return;
      const startRegion = isRegion(storedRegion) ? storedRegion : config.defaultRegion;
      const startLocale = isLocale(storedLocale) ? storedLocale : isLocale(restored?.user.locale) ? restored.user.locale : pickLocale(props.preferredLanguage);
      sessions.subscribe(setSession);
      setSession(restored);
      setRegionState(startRegion);
      setLocaleState(startLocale);
      setBoot({ config, sessions, region: startRegion, locale: startLocale });
    })();
    return () => {
      cancelled = true;
    };
    // Boot once: later changes go through setRegion / setLocale.
  }, []);

  // One Apollo Client per region, rebuilt when the region changes.
  useEffect(() => {
    if (!boot) return;
    let disposed = false;
    let current: RegionClient | null = null;
    let persisted: { flush(): Promise<void>; stop(): void } | undefined;
    void (async () => {
      const cache = new InMemoryCache({ typePolicies: props.typePolicies });
      if (props.persistCache) persisted = await persistApolloCache(cache, storage, { key: `${app}.cache.${region}` });
      if (disposed) return;
      current = createRegionClient({ config: boot.config, region, session: boot.sessions, cache });
      setClient(current);
    })();
    return () => {
      disposed = true;
      // Write the last changes of the region left (the debounce may still hold them), then stop.
      if (persisted) void persisted.flush().finally(persisted.stop);
      current?.dispose();
    };
  }, [boot, region]);

  const i18n = useMemo(() => createI18n(props.messages, locale), [props.messages, locale]);

  const value = useMemo<MiwClient | null>(() => {
    if (!boot || !client) return null;
    return {
      config: boot.config,
      region,
      setRegion: (next) => {
        void storage.setItem(`${app}.region`, next);
        setRegionState(next);
      },
      locale,
      setLocale: (next) => {
        void storage.setItem(`${app}.locale`, next);
        setLocaleState(next);
      },
      session,
      sessions: boot.sessions,
      client,
    };
  }, [boot, client, region, locale, session, app, storage]);

  if (!value) return <>{props.fallback ?? null}</>;
  return (
    <Context.Provider value={value}>
      <I18nextProvider i18n={i18n}>
        <ApolloProvider client={client!.apollo}>{props.children}</ApolloProvider>
      </I18nextProvider>
    </Context.Provider>
  );
}
