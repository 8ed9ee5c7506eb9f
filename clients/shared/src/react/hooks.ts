/** Hooks every React client uses: login by email code, error texts, locale formatting. */
import { useMutation } from '@apollo/client/react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorKeys, type PayloadError } from '../errors';
import { formatDate, formatDateTime, formatMoney } from '../i18n';
import { LogoutDocument, RequestLoginCodeDocument, VerifyLoginCodeDocument } from '../operations';
import type { Role, SessionUser } from '../session';
import { useMiw } from './provider';

/** The translated message of an API error and/or payload errors (never raw JSON). */
export function useErrorText(): (error: unknown, payloadErrors?: readonly PayloadError[]) => string | null {
  const { t } = useTranslation();
  return useCallback(
    (error, payloadErrors = []) => {
      if (!error && payloadErrors.length === 0) return null;
      return errorKeys(error, payloadErrors)
        .map((key) => t(key, { defaultValue: t('errors.UNKNOWN') }))
        .join(' ');
    },
    [t],
  );
}

/** Money, dates and times in the current locale. */
export function useFormat() {
  const { locale } = useMiw();
  return {
    money: (m: { amount: number; currency: string } | null | undefined) => (m ? formatMoney(m, locale) : ''),
    dateTime: (iso: string | null | undefined) => (iso ? formatDateTime(iso, locale) : ''),
    date: (iso: string | null | undefined) => (iso ? formatDate(iso, locale) : ''),
  };
}

export type LoginStep = { step: 'email' } | { step: 'code'; email: string; expiresInSeconds: number };

/**
 * Login by email code: `requestCode(email)` then `verify(code)`. On success the session is stored
 * (issued by the current region) and `onSignedIn` receives the user. `error` is a translated text.
 */
export function useEmailCodeLogin(onSignedIn?: (user: SessionUser) => void) {
  const { sessions, region } = useMiw();
  const errorText = useErrorText();
  const [state, setState] = useState<LoginStep>({ step: 'email' });
  const [error, setError] = useState<string | null>(null);
  const [requestCode, requesting] = useMutation(RequestLoginCodeDocument);
  const [verifyCode, verifying] = useMutation(VerifyLoginCodeDocument);

  const request = async (email: string) => {
    setError(null);
    try {
      const { data } = await requestCode({ variables: { input: { email: email.trim() } } });
      if (data) setState({ step: 'code', email: email.trim(), expiresInSeconds: data.requestLoginCode.expiresInSeconds });
    } catch (e) {
      setError(errorText(e));
    }
  };

  const verify = async (code: string) => {
    if (state.step !== 'code') return;
    setError(null);
    try {
      const { data } = await verifyCode({ variables: { input: { email: state.email, code: code.trim() } } });
      const payload = data?.verifyLoginCode;
      if (!payload || payload.errors.length || !payload.accessToken || !payload.refreshToken || !payload.user) {
        setError(errorText(null, payload?.errors.length ? payload.errors : [{ code: 'INVALID_CODE' }]));
        return;
      }
      const u = payload.user;
      const user: SessionUser = { id: u.id, email: u.email, name: u.name, role: u.role as Role, locale: u.locale, homeRegion: u.homeRegion === 'CN' ? 'cn' : 'eu', organization: u.organization ? { id: u.organization.id, name: u.organization.name, kind: u.organization.kind } : null };
      await sessions.signIn({ accessToken: payload.accessToken, refreshToken: payload.refreshToken, issuedBy: region, user });
      onSignedIn?.(user);
    } catch (e) {
      setError(errorText(e));
    }
  };

  return { state, error, busy: requesting.loading || verifying.loading, request, verify, restart: () => setState({ step: 'email' }) };
}

/** Signs out: ends the session at the API (best effort) and forgets it here. */
export function useSignOut(): () => Promise<void> {
  const { sessions, client } = useMiw();
  return useCallback(async () => {
    const refreshToken = sessions.session?.refreshToken;
    if (refreshToken) await client.apollo.mutate({ mutation: LogoutDocument, variables: { input: { refreshToken } } }).catch(() => undefined);
    await sessions.signOut();
    await client.apollo.clearStore().catch(() => undefined);
  }, [sessions, client]);
}
