/** The shopper's profile: name, language (saved with updateMe), store, sign-out. */
import { operations, type Locale } from '@miw/client-shared';
import { useErrorText, useMiw, useSignOut } from '@miw/client-shared/react';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Text } from 'react-native';
import { useNavigation } from '../nav/Navigator';
import { useStore } from '../state/store';
import { useTheme } from '../theme';
import { Button, Card, ErrorText, Row, Screen, Section, TextField } from '../ui';

export default function Profile() {
  const c = useTheme();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const nav = useNavigation();
  const { session, sessions, locale, setLocale } = useMiw();
  const { store } = useStore();
  const signOut = useSignOut();
  const [name, setName] = useState(session?.user.name ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [updateMe, updating] = useMutation(operations.UpdateMeDocument);

  const save = async (input: { name?: string; locale?: Locale }) => {
    setProblem(null);
    setSaved(false);
    try {
      const result = await updateMe({ variables: { input } });
      const payload = result.data?.updateMe;
      if (payload?.errors.length || !payload?.user) return setProblem(errorText(null, payload?.errors ?? []));
      await sessions.updateUser({ name: payload.user.name, locale: payload.user.locale });
      setSaved(true);
    } catch (e) {
      setProblem(errorText(e));
    }
  };

  const chooseLanguage = (next: Locale) => {
    setLocale(next); // at once, also signed out; saved on the account when signed in
    if (session && session.user.locale !== next) void save({ locale: next });
  };

  return (
    <Screen title={t('profile.title')}>
      {session ? (
        <Card>
          <Text testID="profile-email" style={{ color: c.muted }}>
            {session.user.email}
          </Text>
          <TextField label={t('profile.name')} value={name} onChangeText={setName} autoComplete="name" maxLength={120} testID="profile-name" />
          <Button label={t('common.save')} busy={updating.loading} disabled={!name.trim() || name.trim() === session.user.name} onPress={() => void save({ name: name.trim() })} testID="profile-save" />
        </Card>
      ) : (
        <Row>
          <Button label={t('login.title')} onPress={() => nav.navigate({ name: 'signin' })} testID="profile-sign-in" />
          <Button label={t('register.title')} variant="secondary" onPress={() => nav.navigate({ name: 'register' })} testID="profile-register" />
        </Row>
      )}
      <Section title={t('common.language')}>
        <Row>
          {(['en', 'zh-CN'] as const).map((l) => (
            <Button key={l} label={t(`common.languages.${l}`)} variant="secondary" small selected={locale === l} onPress={() => chooseLanguage(l)} testID={`language-${l}`} />
          ))}
        </Row>
      </Section>
      <Section title={t('store.title')}>
        <Button label={store ? t('store.yours', { name: store.name }) : t('store.choose')} variant="secondary" onPress={() => nav.navigate({ name: 'stores' })} testID="profile-store" />
      </Section>
      {saved ? (
        <Text role="status" testID="profile-saved" style={{ color: c.success }}>
          {t('profile.saved')}
        </Text>
      ) : null}
      <ErrorText text={problem} />
      {session ? <Button label={t('common.signOut')} variant="ghost" onPress={() => void signOut()} testID="sign-out" /> : null}
    </Screen>
  );
}

