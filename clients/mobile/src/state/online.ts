/**
 * Whether the network is there. On the web: `navigator.onLine` and its events. When it comes
 * back, the active queries are fetched again so the screens resync with the server.
 */
import { useMiw } from '@miw/client-shared/react';
import { createContext, useContext, useEffect, useState } from 'react';
import { Platform } from 'react-native';

const hasNavigator = Platform.OS === 'web' && typeof window !== 'undefined' && typeof navigator !== 'undefined';

export function useOnline(): boolean {
  const [online, setOnline] = useState(() => (hasNavigator ? navigator.onLine : true));
  useEffect(() => {
    if (!hasNavigator) return;
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  return online;
}

/** Refetches every active query when the connection returns (mounted once, in the app shell). */
export function useResyncOnReconnect(online: boolean): void {
  const { client } = useMiw();
  const [wasOffline, setWasOffline] = useState(!online);
  useEffect(() => {
    if (!online) setWasOffline(true);
    else if (wasOffline) {
      setWasOffline(false);
      void client.apollo.refetchObservableQueries().catch(() => undefined);
    }
  }, [online, wasOffline, client]);
}

/**
 * The fetch policy of screen queries: the cache then the network while online; the cache only
 * while offline (the persisted last pages and cart, without a failing request per screen).
 */
export function useFetchPolicy(): 'cache-and-network' | 'cache-only' {
  return useContext(OnlineContext) ? 'cache-and-network' : 'cache-only';
}

export const OnlineContext = createContext(true);

/**
 * On the web, a service worker (public/sw.js) keeps the app's own files so that it opens without
 * a connection too; the persisted cache supplies the data. Best effort: without it the app still
 * works online.
 */
export function registerOfflineShell(): void {
  if (!hasNavigator || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}
