/** Choosing the shopper's store (and with it the region). */
import { useTranslation } from 'react-i18next';
import { useNavigation } from '../nav/Navigator';
import { Screen } from '../ui';
import { StorePicker } from './StorePicker';

export default function Stores() {
  const { t } = useTranslation();
  const nav = useNavigation();
  return (
    <Screen title={t('store.title')} subtitle={t('store.why')} back>
      <StorePicker onChosen={() => (nav.canGoBack ? nav.back() : nav.replace({ name: 'home' }))} />
    </Screen>
  );
}
