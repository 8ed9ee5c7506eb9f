/** Login by email code: one form for every role. */
import { Alert, Box, Button, Paper, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEmailCodeLogin, useMiw } from '@miw/client-shared/react';
import { Preferences } from './Preferences';

export function LoginPage() {
  const { t } = useTranslation();
  const { setLocale } = useMiw();
  const login = useEmailCodeLogin((user) => {
    if (user.locale === 'en' || user.locale === 'zh-CN') setLocale(user.locale);
  });
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', p: 2 }}>
      <Paper sx={{ p: 4, width: '100%', maxWidth: 420 }} elevation={3}>
        <Stack spacing={2}>
          <Typography variant="h5" component="h1">
            {t('shell.title')}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {t('shell.loginSubtitle')}
          </Typography>
          <Preferences />
          {login.error ? (
            <Alert severity="error" role="alert" data-testid="login-error">
              {login.error}
            </Alert>
          ) : null}
          {login.state.step === 'email' ? (
            <Box component="form" onSubmit={(e) => (e.preventDefault(), void login.request(email))}>
              <Stack spacing={2}>
                <TextField label={t('login.email')} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'login-email', maxLength: 254 } }} />
                <Button type="submit" variant="contained" disabled={login.busy} data-testid="login-send">
                  {t('login.sendCode')}
                </Button>
              </Stack>
            </Box>
          ) : (
            <Box component="form" onSubmit={(e) => (e.preventDefault(), void login.verify(code))}>
              <Stack spacing={2}>
                <Alert severity="info">{t('login.codeSent', { email: login.state.email, minutes: Math.round(login.state.expiresInSeconds / 60) })}</Alert>
                <TextField label={t('login.code')} required autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'login-code', inputMode: 'numeric', maxLength: 6 } }} />
                <Button type="submit" variant="contained" disabled={login.busy} data-testid="login-verify">
                  {t('login.verify')}
                </Button>
                <Button onClick={login.restart}>{t('login.otherEmail')}</Button>
              </Stack>
            </Box>
          )}
        </Stack>
      </Paper>
    </Box>
  );
}
