/**
 * Registration: name, email and language; the API mails a login code, and the shopper continues
 * on the sign-in screen with that email (which asks for the code).
 */
import { operations, type Locale } from '@miw/client-shared';
import { useErrorText, useMiw } from '@miw/client-shared/react';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Text } from 'react-native';
import { useNavigation } from '../nav/Navigator';
import type { Route } from '../nav/routes';
import { useTheme } from '../theme';
import { Button, ErrorText, Row, Screen, TextField } from '../ui';

export default function Register({ route }: { route: Route }) {
  const c = useTheme();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const nav = useNavigation();
  const { locale, setLocale } = useMiw();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [language, setLanguage] = useState<Locale>(locale);
  const [problem, setProblem] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [register, registering] = useMutation(operations.RegisterDocument);
  const next = route.name === 'register' ? route.next : undefined;

  const submit = async () => {
    setProblem(null);
    try {
      const result = await register({ variables: { input: { name: name.trim(), email: email.trim(), locale: language } } });
      const payload = result.data?.register;
      if (payload?.errors.length) return setProblem(errorText(null, payload.errors));
      setLocale(language);
      setSent(true);
    } catch (e) {
      setProblem(errorText(e));
    }
  };

  if (sent) {
    return (
      <Screen title={t('register.title')} back>
        <Text role="status" style={{ color: c.text }} testID="register-sent">
          {t('register.sent', { email: email.trim() })}
        </Text>
        <Button label={t('login.title')} onPress={() => nav.replace({ name: 'signin', next })} testID="register-continue" />
      </Screen>
    );
  }
  return (
    <Screen title={t('register.title')} back>
      <TextField label={t('register.name')} value={name} onChangeText={setName} autoComplete="name" maxLength={120} testID="register-name" />
      <TextField label={t('login.email')} value={email} onChangeText={setEmail} inputMode="email" autoComplete="email" autoCapitalize="none" testID="register-email" />
      <Text style={{ color: c.text, fontWeight: '600' }}>{t('common.language')}</Text>
      <Row>
        {(['en', 'zh-CN'] as const).map((l) => (
          <Button key={l} label={t(`common.languages.${l}`)} variant="secondary" small selected={language === l} onPress={() => setLanguage(l)} testID={`register-language-${l}`} />
        ))}
      </Row>
      <ErrorText text={problem} />
      <Button label={t('register.submit')} busy={registering.loading} disabled={!name.trim() || !email.includes('@')} onPress={() => void submit()} testID="register-submit" />
    </Screen>
  );
}
