/**
 * The app frame: offline banner, the current screen (screens other than home load on demand to keep
 * the first download small) and the tab bar.
 */
import { useMiw } from '@miw/client-shared/react';
import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Platform, StyleSheet, Text, View } from 'react-native';
import { Navigator, useNavigation } from './nav/Navigator';
import type { Route, RouteName } from './nav/routes';
import { Home } from './screens/Home';
import { OnlineContext, registerOfflineShell, useOnline, useResyncOnReconnect } from './state/online';
import { StoreProvider } from './state/store';
import { space, useTheme } from './theme';
import { Button, Loading } from './ui';

type ScreenProps = { route: Route };
const screen = (load: () => Promise<{ default: ComponentType<ScreenProps> }>) => lazy(load);

const SCREENS: Partial<Record<RouteName, ComponentType<ScreenProps>>> = {
  search: screen(() => import('./screens/Search')),
  category: screen(() => import('./screens/Search')),
  product: screen(() => import('./screens/Product')),
  stores: screen(() => import('./screens/Stores')),
  cart: screen(() => import('./screens/Cart')),
  checkout: screen(() => import('./screens/Checkout')),
  orders: screen(() => import('./screens/Orders')),
  order: screen(() => import('./screens/Order')),
  notifications: screen(() => import('./screens/Notifications')),
  profile: screen(() => import('./screens/Profile')),
  signin: screen(() => import('./screens/SignIn')),
  register: screen(() => import('./screens/Register')),
  notFound: screen(() => import('./screens/NotFound')),
};

export function Shell() {
  const online = useOnline();
  useResyncOnReconnect(online);
  const { locale } = useMiw();
  useEffect(registerOfflineShell, []);
  useEffect(() => {
    // Screen readers and the browser's hyphenation follow the language shown.
    if (Platform.OS === 'web' && typeof document !== 'undefined') document.documentElement.lang = locale;
  }, [locale]);
  return (
    <OnlineContext.Provider value={online}>
      <StoreProvider>
        <Navigator>
          <Frame online={online} />
        </Navigator>
      </StoreProvider>
    </OnlineContext.Provider>
  );
}

function Frame({ online }: { online: boolean }) {
  const c = useTheme();
  const { t } = useTranslation();
  const { route } = useNavigation();
  const Current = SCREENS[route.name];
  return (
    <View style={[styles.app, { backgroundColor: c.background }]}>
      {online ? null : (
        <View testID="offline-banner" role="status" aria-live="polite" style={[styles.banner, { backgroundColor: c.warningBg }]}>
          <Text style={{ color: c.warningText }}>{t('common.offline')}</Text>
        </View>
      )}
      <View role="main" style={styles.main}>
        <Suspense fallback={<Loading />}>{Current ? <Current key={route.name} route={route} /> : <Home />}</Suspense>
      </View>
      <TabBar />
    </View>
  );
}

const TABS: { name: 'home' | 'search' | 'cart' | 'orders' | 'notifications' | 'profile'; label: string }[] = [
  { name: 'home', label: 'tabs.home' },
  { name: 'search', label: 'tabs.search' },
  { name: 'cart', label: 'tabs.cart' },
  { name: 'orders', label: 'tabs.orders' },
  { name: 'notifications', label: 'tabs.notifications' },
  { name: 'profile', label: 'tabs.profile' },
];

function TabBar() {
  const c = useTheme();
  const { t } = useTranslation();
  const nav = useNavigation();
  return (
    <View role="navigation" aria-label={t('tabs.label')} style={[styles.tabs, { backgroundColor: c.surface, borderColor: c.border }]}>
      {TABS.map((tab) => (
        <Button
          key={tab.name}
          label={t(tab.label)}
          variant="ghost"
          small
          selected={nav.route.name === tab.name}
          testID={`tab-${tab.name}`}
          onPress={() => (nav.route.name === tab.name ? undefined : nav.navigate({ name: tab.name }))}
          style={styles.tab}
        />
      ))}
    </View>
  );
}

const styles = StyleSheet.create({
  app: { flex: 1, minHeight: '100%' },
  banner: { padding: space.md },
  main: { flex: 1 },
  tabs: { flexDirection: 'row', borderTopWidth: 1, paddingVertical: space.xs, paddingHorizontal: 2, justifyContent: 'space-between' },
  tab: { flex: 1, paddingHorizontal: 2, minHeight: 44 },
});
