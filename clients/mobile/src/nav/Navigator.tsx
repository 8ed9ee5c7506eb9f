/**
 * A small stack navigator: the current screen is state; on the web it is mirrored in the URL with
 * the history API (a reload or deep link opens it, the browser's back button pops it). On phones
 * the stack lives in memory and Android's back button pops it.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { BackHandler, Platform } from 'react-native';
import { parsePath, toPath, type Route } from './routes';

export interface Navigation {
  route: Route;
  /** Opens a screen on top of the current one. */
  navigate(to: Route): void;
  /** Replaces the current screen (filters, redirects after sign-in). */
  replace(to: Route): void;
  back(): void;
  canGoBack: boolean;
}

const Context = createContext<Navigation | null>(null);

export function useNavigation(): Navigation {
  const value = useContext(Context);
  if (!value) throw new Error('useNavigation() needs <Navigator>');
  return value;
}

const isWeb = Platform.OS === 'web' && typeof window !== 'undefined';
const currentWebPath = () => `${window.location.pathname}${window.location.search}`;

export function Navigator({ children }: { children: ReactNode }) {
  const [stack, setStack] = useState<Route[]>(() => [isWeb ? parsePath(currentWebPath()) : { name: 'home' }]);
  const route = stack[stack.length - 1] ?? { name: 'home' };

  useEffect(() => {
    if (!isWeb) return;
    // The browser moved in its history (back/forward): show what the URL names.
    const onPop = () => setStack((s) => (s.length > 1 ? s.slice(0, -1).concat(parsePath(currentWebPath())) : [parsePath(currentWebPath())]));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const back = useCallback(() => {
    if (isWeb) {
      if (window.history.length > 1 && stack.length > 1) window.history.back();
      else {
        window.history.replaceState(null, '', '/');
        setStack([{ name: 'home' }]);
      }
      return;
    }
    setStack((s) => (s.length > 1 ? s.slice(0, -1) : s));
  }, [stack.length]);

  useEffect(() => {
    if (isWeb) return;
    const sub = BackHandler.addEventListener('hardwareBackPress', () => {
      if (stack.length <= 1) return false;
      back();
      return true;
    });
    return () => sub.remove();
  }, [stack.length, back]);

  const value = useMemo<Navigation>(
    () => ({
      route,
      canGoBack: stack.length > 1,
      back,
      navigate: (to) => {
        if (isWeb) window.history.pushState(null, '', toPath(to));
        setStack((s) => [...s, to]);
      },
      replace: (to) => {
        if (isWeb) window.history.replaceState(null, '', toPath(to));
        setStack((s) => [...s.slice(0, -1), to]);
      },
    }),
    [route, stack.length, back],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}
