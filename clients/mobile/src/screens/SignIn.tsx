/** Sign-in by email code: the email, then the 6-digit code mailed to it. */
import { isLocale } from '@miw/client-shared';
import { useEmailCodeLogin, useMiw } from '@miw/client-shared/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Text } from 'react-native';
import { useNavigation } from '../nav/Navigator';
import { parsePath, type Route } from '../nav/routes';
import { useTheme } from '../theme';
import { Button, ErrorText, Row, Screen, TextField } from '../ui';

export default function SignIn({ route }: { route: Route }) {
  const c = useTheme();
  const { t } = useTranslation();
  const nav = useNavigation();
  const { setLocale } = useMiw();
  const next = route.name === 'signin' ? route.next : undefined;
  const login = useEmailCodeLogin((user) => {
    if (isLocale(user.locale)) setLocale(user.locale);
    nav.replace(next ? parsePath(next) : { name: 'home' });
  });
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');

  return (
    <Screen title={t('login.title')} back>
      {login.state.step === 'email' ? (
        <>
          <TextField label={t('login.email')} value={email} onChangeText={setEmail} inputMode="email" autoComplete="email" autoCapitalize="none" onSubmitEditing={() => void login.request(email)} testID="login-email" />
          <Button label={t('login.sendCode')} busy={login.busy} disabled={!email.includes('@')} onPress={() => void login.request(email)} testID="login-send" />
          <Button label={t('register.cta')} variant="ghost" onPress={() => nav.replace({ name: 'register', next })} testID="go-register" />
        </>
      ) : (
        <>
          <Text role="status" style={{ color: c.text }}>
            {t('login.codeSent', { email: login.state.email, minutes: Math.round(login.state.expiresInSeconds / 60) })}
          </Text>
          <TextField label={t('login.code')} value={code} onChangeText={setCode} inputMode="numeric" autoComplete="one-time-code" maxLength={6} onSubmitEditing={() => void login.verify(code)} testID="login-code" />
          <Row>
            <Button label={t('login.verify')} busy={login.busy} disabled={code.trim().length < 6} onPress={() => void login.verify(code)} testID="login-verify" />
            <Button label={t('login.otherEmail')} variant="ghost" onPress={login.restart} testID="login-restart" />
          </Row>
        </>
      )}
      <ErrorText text={login.error} />
    </Screen>
  );
}
