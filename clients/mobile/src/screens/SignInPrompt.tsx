/** What a screen that needs an account shows to a signed-out shopper. */
import { useTranslation } from 'react-i18next';
import { useNavigation } from '../nav/Navigator';
import { toPath } from '../nav/routes';
import { Button, Empty, Row, Screen } from '../ui';

export function SignInPrompt({ title }: { title: string }) {
  const { t } = useTranslation();
  const nav = useNavigation();
  const next = toPath(nav.route);
  return (
    <Screen title={title}>
      <Empty text={t('account.signInFirst')} />
      <Row>
        <Button label={t('login.title')} onPress={() => nav.navigate({ name: 'signin', next })} testID="prompt-sign-in" />
        <Button label={t('register.title')} variant="secondary" onPress={() => nav.navigate({ name: 'register', next })} testID="prompt-register" />
      </Row>
    </Screen>
  );
}
