/**
 * Stores to choose from: the nearest ones when the browser (or phone) may tell where the shopper
 * is, otherwise every store by city. Choosing one sets the region (a Shanghai store: the CN gateway).
 */
import { useQuery } from '@apollo/client/react';
import { useErrorText } from '@miw/client-shared/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Text, View } from 'react-native';
import { graphql } from '../gql';
import type { GeoNearInput } from '../gql/graphql';
import { useFetchPolicy } from '../state/online';
import { useStore, type ChosenStore } from '../state/store';
import { useTheme } from '../theme';
import { Button, Card, Empty, ErrorText, Loading } from '../ui';

const StoresDocument = graphql(`
  query Stores($near: GeoNearInput) {
    stores(near: $near) {
      id
      name
      region
      distanceKm
      address {
        city
      }
      location {
        lat
        lng
      }
    }
  }
`);

/** How far "near me" reaches (the API's maximum radius). */
const RADIUS_KM = 500;

type Geo = { state: 'idle' | 'asking' | 'denied' } | { state: 'located'; near: GeoNearInput };

export function StorePicker({ onChosen, availability }: { onChosen?: (store: ChosenStore) => void; availability?: string }) {
  const c = useTheme();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { store, chooseStore } = useStore();
  const [geo, setGeo] = useState<Geo>({ state: 'idle' });
  const near = geo.state === 'located' ? geo.near : null;
  const { data, loading, error, refetch } = useQuery(StoresDocument, { variables: { near }, fetchPolicy: useFetchPolicy() });

  const locate = () => {
    const geolocation = typeof navigator !== 'undefined' ? navigator.geolocation : undefined;
    if (!geolocation) return setGeo({ state: 'denied' });
    setGeo({ state: 'asking' });
    geolocation.getCurrentPosition(
      (p) => setGeo({ state: 'located', near: { lat: p.coords.latitude, lng: p.coords.longitude, radiusKm: RADIUS_KM } }),
      () => setGeo({ state: 'denied' }),
      { timeout: 10_000, maximumAge: 600_000 },
    );
  };

  const stores = [...(data?.stores ?? [])].sort((a, b) => (near ? 0 : a.address.city.localeCompare(b.address.city)));
  return (
    <View style={{ gap: 8 }} testID="store-picker">
      <Button label={t('store.useLocation')} variant="secondary" small busy={geo.state === 'asking'} onPress={locate} testID="use-location" />
      {geo.state === 'denied' ? <Text style={{ color: c.muted }}>{t('store.locationDenied')}</Text> : null}
      {geo.state === 'located' ? <Text style={{ color: c.muted }}>{t('store.nearest')}</Text> : null}
      {!data && loading ? <Loading /> : null}
      <ErrorText text={error && !data ? errorText(error) : null} onRetry={() => void refetch()} />
      {data && stores.length === 0 ? <Empty text={t('store.noneNear')} /> : null}
      {stores.map((s) => {
        const chosen = store?.id === s.id;
        return (
          <Card key={s.id} testID="store-option">
            <Text style={{ color: c.text, fontSize: 16, fontWeight: '600' }}>{s.name}</Text>
            <Text style={{ color: c.muted }}>
              {[s.address.city, t(`common.regions.${s.region === 'CN' ? 'cn' : 'eu'}`), s.distanceKm != null ? t('store.distance', { km: Math.round(s.distanceKm) }) : null].filter(Boolean).join(' · ')}
            </Text>
            {chosen && availability ? <Text style={{ color: c.text }}>{availability}</Text> : null}
            <Button
              label={chosen ? t('store.chosen') : t('store.chooseThis')}
              a11yLabel={chosen ? undefined : t('store.chooseNamed', { name: s.name })}
              variant="secondary"
              small
              selected={chosen}
              testID={`choose-store-${s.address.city}`}
              onPress={() => {
                const next: ChosenStore = { id: s.id, name: s.name, city: s.address.city, region: s.region === 'CN' ? 'cn' : 'eu', lat: s.location?.lat ?? null, lng: s.location?.lng ?? null };
                chooseStore(next);
                onChosen?.(next);
              }}
            />
          </Card>
        );
      })}
    </View>
  );
}
