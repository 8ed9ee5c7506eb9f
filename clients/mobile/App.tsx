/**
 * The shopper app: the shared client provider (config from `/config.json` on the web, session,
 * region, i18n, the region's Apollo Client with its cache persisted for offline use) around the shell.
 */
import type { TypePolicies } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { MiwClientProvider } from '@miw/client-shared/react';
import { ActivityIndicator, Platform, View } from 'react-native';
import { messages } from './src/messages';
import { Shell } from './src/Shell';
import { nativeConfig, storage } from './src/state/platform';

// Cursor pages of a list are merged into one list per filter (load more appends).
const typePolicies: TypePolicies = {
  Query: {
    fields: {
      products: relayStylePagination(['filter', 'orderBy']),
      myOrders: relayStylePagination(['status']),
      myNotifications: relayStylePagination(['unreadOnly', 'type']),
    },
  },
};

const preferredLanguage = Platform.OS === 'web' && typeof navigator !== 'undefined' ? navigator.language : undefined;

export default function App() {
  return (
    <MiwClientProvider
      app="mobile"
      storage={storage}
      messages={messages}
      config={nativeConfig ?? '/config.json'}
      preferredLanguage={preferredLanguage}
      typePolicies={typePolicies}
      persistCache
      fallback={
        <View style={{ flex: 1, alignItems: 'center', justifyContent: 'center' }}>
          <ActivityIndicator aria-label="MadeInWorld" />
        </View>
      }
    >
      <Shell />
    </MiwClientProvider>
  );
}
