/** An unknown path. */
import { useTranslation } from 'react-i18next';
import { useNavigation } from '../nav/Navigator';
import { Button, Screen } from '../ui';

export default function NotFound() {
  const { t } = useTranslation();
  const nav = useNavigation();
  return (
    <Screen title={t('common.notFound')}>
      <Button label={t('tabs.home')} onPress={() => nav.replace({ name: 'home' })} />
    </Screen>
  );
}
